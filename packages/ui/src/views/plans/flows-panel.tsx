import { useState } from 'react';
import type { Client, CommandOutput, Flow, SwitchboardEvent } from '@switchboard/protocol';
import { actionsText, firingText, triggerText } from '../../plans/flow-text';
import { useFleet } from '../store-context';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { ConfirmButton } from '../manage/confirm-button';
import { FlowEditor } from './flow-editor';
import { ProblemAlert } from '../problem-alert';

type DryRun = CommandOutput<'flow.dryRun'>;
/** Hits a dry run lists (the count says how many there were). */
const SHOWN_HITS = 5;

const loadFlows = async (client: Client): Promise<Flow[]> => (await client.call('flow.list', {})).flows;
const touchesFlows = (event: SwitchboardEvent) => event.type.startsWith('flow.');
const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** Every flow: trigger and actions, its last firings, on/off, and a dry run over the recorded events. */
export function FlowsPanel() {
  const { data, problem } = useLiveQuery('flows', loadFlows, touchesFlows);
  const [creating, setCreating] = useState(false);
  return (
    <section className="panel flows-panel" aria-labelledby="flows-title" data-testid="flows-panel">
      <h3 id="flows-title">Flows</h3>
      {problem && <p role="alert">{problem}</p>}
      {creating ? (
        <FlowEditor onDone={() => setCreating(false)} />
      ) : (
        <button type="button" className="secondary" onClick={() => setCreating(true)}>
          New flow…
        </button>
      )}
      {data === null ? (
        <p className="muted">Loading…</p>
      ) : data.length === 0 ? (
        <p className="muted">No flows yet (flow.create, or a manager's flow_create tool).</p>
      ) : (
        data.map((flow) => <FlowItem key={flow.id} flow={flow} />)
      )}
    </section>
  );
}

function FlowItem({ flow }: { flow: Flow }) {
  const client = useFleet((s) => s.client);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      setProblem(null);
      await work();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const toggle = () =>
    attempt(() => client.call(flow.enabled ? 'flow.disable' : 'flow.enable', { flow: flow.id }));
  const replay = () => attempt(async () => setDryRun(await client.call('flow.dryRun', { flow: flow.id })));

  return (
    <article
      className="flow-item"
      data-testid="flow"
      data-flow={flow.name}
      data-enabled={String(flow.enabled)}
      aria-labelledby={`flow-${flow.id}`}
    >
      <h4 id={`flow-${flow.id}`}>
        {flow.name}{' '}
        <span className={`badge${flow.enabled ? ' badge-on' : ''}`}>{flow.enabled ? 'on' : 'off'}</span>
      </h4>
      <p className="muted">
        on {triggerText(flow.trigger)} → {actionsText(flow)}
      </p>
      <div className="flow-actions">
        <button type="button" className="secondary" onClick={() => void toggle()}>
          {flow.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="secondary" onClick={() => void replay()}>
          Dry run
        </button>
        <button type="button" className="secondary" onClick={() => setEditing(true)} disabled={editing}>
          Edit
        </button>
        <ConfirmButton
          label="Delete…"
          question={`Delete flow ${flow.name} and its firings?`}
          yes="Yes, delete"
          onConfirm={() => attempt(() => client.call('flow.remove', { flow: flow.id }))}
        />
      </div>
      {editing && <FlowEditor flow={flow} onDone={() => setEditing(false)} />}
      <ProblemAlert problem={problem} />
      {flow.lastFirings.length > 0 ? (
        <ol className="flow-firings" aria-label={`Last firings of ${flow.name}`}>
          {flow.lastFirings.map((firing) => (
            <li key={firing.id} data-testid="flow-firing" data-outcome={firing.outcome}>
              <time dateTime={firing.at}>{time(firing.at)}</time>{' '}
              <span className="muted">{firing.event.type}</span> {firingText(firing)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Not fired yet.</p>
      )}
      {dryRun && (
        <div className="flow-dry-run" data-testid="flow-dry-run" role="status">
          <strong>Dry run:</strong> {dryRun.hits.filter((hit) => hit.outcome === 'fired').length} of{' '}
          {dryRun.replayed} recorded events would fire it
          {dryRun.hits.some((hit) => hit.outcome === 'rate_limited')
            ? ` (${dryRun.hits.filter((hit) => hit.outcome === 'rate_limited').length} more held by the rate limit)`
            : ''}
          .
          <ul>
            {dryRun.hits.slice(-SHOWN_HITS).map((hit, index) => (
              <li key={`${hit.event.sequence}-${index}`} data-testid="flow-dry-run-hit">
                {time(hit.event.at)} {hit.event.type} →{' '}
                {hit.actions.map((action) => action.command).join(', ') || 'rate limited'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}
