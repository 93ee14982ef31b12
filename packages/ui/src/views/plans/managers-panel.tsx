import type { Client, CommandOutput, SwitchboardEvent } from '@switchboard/protocol';
import { stateIcons, stateLabel } from '../org-chart/agent-state-label';
import { useLiveQuery } from '../agent-detail/use-live-query';

type ManagerStatus = CommandOutput<'manager.status'>;

async function loadManagers(client: Client): Promise<ManagerStatus[]> {
  const { managers } = await client.call('manager.list', {});
  return Promise.all(managers.map((manager) => client.call('manager.status', { manager: manager.id })));
}

/** What changes a pool's picture: the managers themselves, a worker's state, a step starting or ending. */
const touchesManagers = (event: SwitchboardEvent) =>
  event.type.startsWith('manager.') ||
  event.type.startsWith('plan.step_') ||
  event.type === 'health.state_changed' ||
  event.type === 'agent.updated' ||
  event.type === 'agent.closed';

/** Every manager: owner, strategy, and each worker's real state, availability and running plan steps. */
export function ManagersPanel({ nameOf }: { nameOf(id: string): string }) {
  const { data, problem } = useLiveQuery('managers', loadManagers, touchesManagers);
  return (
    <section className="panel managers-panel" aria-labelledby="managers-title" data-testid="managers-panel">
      <h3 id="managers-title">Managers</h3>
      {problem && <p role="alert">{problem}</p>}
      {data === null ? (
        <p className="muted">Loading…</p>
      ) : data.length === 0 ? (
        <p className="muted">
          No managers yet (manager.create, or an orchestrator agent's manager_create tool).
        </p>
      ) : (
        data.map(({ manager, workers }) => (
          <article key={manager.id} className="manager" data-testid="manager" data-manager={manager.name}>
            <h4>
              {manager.name} <span className="badge">{manager.strategy.replaceAll('_', ' ')}</span>
            </h4>
            <p className="muted">
              owner {nameOf(manager.ownerId)} · {workers.length} worker{workers.length === 1 ? '' : 's'}
            </p>
            <ul className="manager-workers">
              {workers.map((worker) => (
                <li
                  key={worker.agentId}
                  data-testid="manager-worker"
                  data-worker={worker.name}
                  data-state={worker.state}
                  data-busy={worker.runningSteps.length}
                >
                  <span className={`state-${worker.state}`}>
                    <span aria-hidden="true">{stateIcons[worker.state]}</span> {worker.name}
                  </span>
                  <span className="muted">
                    {' '}
                    {worker.role} · {stateLabel(worker.state)}
                    {worker.available ? '' : ' · unavailable'}
                  </span>
                  {worker.runningSteps.length > 0 && (
                    <span className="badge"> {worker.runningSteps.map((s) => s.stepId).join(', ')}</span>
                  )}
                </li>
              ))}
            </ul>
          </article>
        ))
      )}
    </section>
  );
}
