import { useState, type FormEvent } from 'react';
import { LayoutPreset, type ArrangementSummary, type FleetLayout } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { ConfirmButton } from './confirm-button';
import { LayoutPreview } from './layout-preview';
import { clearIfUnchanged } from '../clear-if-unchanged';
import { ProblemAlert } from '../problem-alert';

const presetHelp: Record<LayoutPreset, string> = {
  'team-windows': 'a window per top-level team, a tab per team',
  'team-grid': 'one window, a tab per top-level team',
  'agent-tabs': 'one window, a tab per agent',
  single: 'a tab per agent, a window per team',
  horizontal: 'stacked panes per team',
  vertical: 'side by side per team',
  quad: '2×2 per tab',
  'triple-right': 'first agent left, others stacked right',
  'triple-bottom': 'first agent on top, others below',
};

/** Layout presets and saved arrangements: pick one, preview what it would do (nothing moves), apply it. */
export function LayoutPanel() {
  const command = useCommand();
  const current = useLiveQuery(
    'layout',
    (c) => c.call('layout.get', {}),
    (e) => e.type === 'layout.applied' || e.type.startsWith('agent.') || e.type.startsWith('team.'),
  );
  const saved = useLiveQuery(
    'arrangements',
    (c) => c.call('layout.list', {}),
    (e) => e.type === 'layout.saved' || e.type === 'layout.deleted',
  );
  const [preset, setPreset] = useState<LayoutPreset | ''>('');
  const [preview, setPreview] = useState<{ caption: string; layout: FleetLayout } | null>(null);
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const chosen = preset || current.data?.preset || 'team-windows';

  const previewPreset = async () => {
    const layout = await command.run((c) => c.call('layout.preview', { preset: chosen }));
    if (layout) setPreview({ caption: `Preview of ${chosen}`, layout });
  };
  const apply = async () => {
    if (await command.run((c) => c.call('layout.apply', { preset: chosen }))) setPreview(null);
  };
  const previewSaved = async (arrangement: ArrangementSummary) => {
    const layout = await command.run((c) => c.call('layout.preview', { arrangement: arrangement.name }));
    if (layout) setPreview({ caption: `Preview of “${arrangement.name}”`, layout });
  };
  const restore = async (arrangement: ArrangementSummary) => {
    if (await command.run((c) => c.call('layout.restore', { name: arrangement.name }))) setPreview(null);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const submitted = name;
    if (await command.run((c) => c.call('layout.save', { name: submitted.trim(), replace })))
      clearIfUnchanged(setName, submitted);
  };

  const shown =
    preview ?? (current.data ? { caption: `Now (${current.data.preset})`, layout: current.data } : null);
  return (
    <section className="panel manage-panel" aria-labelledby="layout-title">
      <h2 id="layout-title">Layout</h2>
      <div className="layout-columns">
        <div>
          <div className="manage-form inline">
            <label>
              Preset
              <select
                value={chosen}
                onChange={(e) => {
                  setPreset(e.target.value as LayoutPreset);
                  setPreview(null);
                }}
              >
                {LayoutPreset.options.map((p) => (
                  <option key={p} value={p}>{`${p} — ${presetHelp[p]}`}</option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="secondary"
              disabled={command.busy}
              onClick={() => void previewPreset()}
            >
              Preview
            </button>
            <button type="button" disabled={command.busy} onClick={() => void apply()}>
              Apply {chosen}
            </button>
          </div>
          <h3>Saved arrangements</h3>
          <form className="manage-form inline" onSubmit={save} aria-label="Save the arrangement">
            <label>
              Save the current arrangement as
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="morning"
                autoComplete="off"
                required
              />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
              Replace
            </label>
            <button type="submit" disabled={!name.trim() || command.busy}>
              Save
            </button>
          </form>
          <ProblemAlert problem={command.problem} />
          <ProblemAlert problem={saved.problem} />
          {(saved.data?.arrangements ?? []).length === 0 ? (
            <p className="muted">None saved.</p>
          ) : (
            <ul className="manage-list" aria-label="Saved arrangements">
              {saved.data!.arrangements.map((a) => (
                <li
                  key={a.name}
                  className="manage-row"
                  data-testid="arrangement-row"
                  data-arrangement={a.name}
                >
                  <span className="row-title">
                    <strong>{a.name}</strong>{' '}
                    <span className="muted">
                      {a.preset} · {a.teams} teams · {a.agents} agents ·{' '}
                      {new Date(a.savedAt).toLocaleString()}
                    </span>
                  </span>
                  <span className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void previewSaved(a)}
                      aria-label={`Preview ${a.name}`}
                    >
                      Preview
                    </button>
                    <button type="button" onClick={() => void restore(a)} aria-label={`Apply ${a.name}`}>
                      Apply
                    </button>
                    <ConfirmButton
                      label={`Delete ${a.name}…`}
                      question={`Delete “${a.name}”?`}
                      yes="Yes, delete"
                      onConfirm={() => command.run((c) => c.call('layout.delete', { name: a.name }))}
                    />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {shown && <LayoutPreview caption={shown.caption} layout={shown.layout} />}
      </div>
    </section>
  );
}
