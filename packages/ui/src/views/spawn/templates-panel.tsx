import { useState } from 'react';
import type { AgentTemplate } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from './use-command';
import { ProblemAlert } from '../problem-alert';

/** Saved agent templates: spawn N from one ("3 × reviewer"), or delete it. */
export function TemplatesPanel() {
  const templates = useLiveQuery(
    'templates',
    (client) => client.call('template.list', {}),
    (event) => event.type.startsWith('template.'),
  );
  const list = templates.data?.templates ?? [];
  return (
    <section className="panel templates-panel" aria-label="Templates">
      <h2>Templates</h2>
      {list.length === 0 ? (
        <p className="muted">None yet: fill in the spawn form and press “Save as template”.</p>
      ) : (
        <ul className="template-list">
          {list.map((template) => (
            <TemplateRow key={template.name} template={template} />
          ))}
        </ul>
      )}
      <ProblemAlert problem={templates.problem} />
    </section>
  );
}

function TemplateRow({ template }: { template: AgentTemplate }) {
  const { busy, problem, run } = useCommand();
  const [count, setCount] = useState(1);
  const [done, setDone] = useState<string | null>(null);
  const spawn = async () => {
    setDone(null);
    const result = await run((client) => client.call('template.spawn', { template: template.name, count }));
    if (result)
      setDone(
        [
          result.agents.length ? `Spawned ${result.agents.map((a) => a.name).join(', ')}` : '',
          ...result.failed.map((f) => `${f.name}: ${f.error}`),
        ]
          .filter(Boolean)
          .join('; '),
      );
  };
  const summary = [template.kind, template.role, template.model, template.cwd].filter(Boolean).join(' · ');
  return (
    <li className="template-row" aria-label={`Template ${template.name}`}>
      <div>
        <strong>{template.name}</strong>
        <span className="muted"> {summary}</span>
      </div>
      <div className="template-actions">
        <input
          type="number"
          min={1}
          max={50}
          value={count}
          aria-label={`How many ${template.name}`}
          onChange={(e) => setCount(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
        />
        <button type="button" disabled={busy} onClick={spawn}>
          Spawn ×{count}
        </button>
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => void run((client) => client.call('template.delete', { name: template.name }))}
        >
          Delete
        </button>
      </div>
      <ProblemAlert problem={problem} />
      {done && (
        <p className="form-done" role="status">
          {done}
        </p>
      )}
    </li>
  );
}
