import { useId, useMemo, useState } from 'react';
import type { Flow } from '@switchboard/protocol';
import { checkDraft, draftText, FLOW_EXAMPLES, specOf } from '../../plans/flow-draft';
import { useFleet } from '../store-context';
import { ProblemAlert } from '../problem-alert';

/**
 * Writing a flow: its definition as JSON, checked as you type with the contract's own schema (so the host's
 * refusals show before saving), starting from an example or from the flow being edited. Save creates or
 * replaces it (its firings are kept); Ctrl/⌘+Enter saves, Escape cancels.
 */
export function FlowEditor({ flow, onDone }: { flow?: Flow; onDone(): void }) {
  const client = useFleet((s) => s.client);
  const [text, setText] = useState(() => draftText(flow ? specOf(flow) : FLOW_EXAMPLES[0]!.spec));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const check = useMemo(() => checkDraft(text), [text]);
  const ids = useId();

  const save = async () => {
    if (!check.ok || saving) return;
    setSaving(true);
    setProblem(null);
    try {
      if (flow) await client.call('flow.update', { flow: flow.id, spec: check.spec });
      else await client.call('flow.create', check.spec);
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const title = flow ? `Edit flow ${flow.name}` : 'New flow';
  return (
    <div className="palette-backdrop">
      <div className="flow-editor-dialog" role="dialog" aria-modal="true" aria-labelledby={`${ids}-title`}>
        <h3 id={`${ids}-title`}>{title}</h3>
        <form
          className="flow-editor"
          data-testid="flow-editor"
          aria-label={title}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void save();
            }
          }}
        >
          {!flow && (
            <label>
              Start from{' '}
              <select
                onChange={(event) => {
                  const example = FLOW_EXAMPLES[Number(event.target.value)];
                  if (example) setText(draftText(example.spec));
                }}
              >
                {FLOW_EXAMPLES.map((example, index) => (
                  <option key={example.label} value={index}>
                    {example.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label htmlFor={`${ids}-text`}>Definition (JSON: trigger, conditions, branches of actions)</label>
          <textarea
            id={`${ids}-text`}
            className="flow-editor-text"
            spellCheck={false}
            rows={16}
            value={text}
            autoFocus
            aria-invalid={!check.ok}
            aria-describedby={`${ids}-check`}
            onChange={(event) => setText(event.target.value)}
          />
          <div id={`${ids}-check`} aria-live="polite">
            {check.ok ? (
              <p className="form-done" data-testid="flow-draft-ok">
                Valid: on {check.spec.trigger.on}, {check.spec.branches.length} branch
                {check.spec.branches.length === 1 ? '' : 'es'}.
              </p>
            ) : (
              <ul className="form-problem" data-testid="flow-draft-problems">
                {check.problems.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
          <ProblemAlert problem={problem} />
          <div className="flow-actions">
            <button type="submit" disabled={!check.ok || saving}>
              {flow ? 'Save flow' : 'Create flow'}
            </button>
            <button type="button" className="secondary" onClick={onDone}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
