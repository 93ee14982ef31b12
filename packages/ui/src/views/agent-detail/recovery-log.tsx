import { clockTime, recoverySummary, touchesRecovery } from './agent-detail-model';
import { useLiveQuery } from './use-live-query';

const LOG_LIMIT = 50;

/** The agent's recovery status (breaker, pause, heartbeat) and log (recovery.status, recovery.log), refreshed on recovery events. */
export function RecoveryLog({ agentId }: { agentId: string }) {
  const { data, problem } = useLiveQuery(
    agentId,
    async (c) => {
      const [log, statuses] = await Promise.all([
        c.call('recovery.log', { agent: agentId, limit: LOG_LIMIT }),
        c.call('recovery.status', { agent: agentId }),
      ]);
      return { entries: log.entries, status: statuses.agents.find((a) => a.agentId === agentId) ?? null };
    },
    (event) => touchesRecovery(event, agentId),
  );
  const entries = data?.entries ?? null;
  const status = data?.status ?? null;

  return (
    <section className="panel" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">Recovery log</h3>
      <div data-testid="recovery-log">
        {status && <p className="muted recovery-status">{recoverySummary(status)}</p>}
        {entries === null ? (
          <p className="muted">{problem ? `Not available: ${problem}` : 'Loading…'}</p>
        ) : entries.length === 0 ? (
          <p className="muted">No recovery steps: nothing has gone wrong with this agent.</p>
        ) : (
          <ol className="mail-list">
            {entries.map((entry) => (
              <li key={entry.id} className="mail-item">
                <div className="mail-meta">
                  <span className="kind-chip">{entry.action.replaceAll('_', ' ')}</span>
                  <span className={entry.outcome === 'failed' ? 'mirror-error' : 'muted'}>
                    {entry.outcome}
                  </span>
                  <time className="muted" dateTime={entry.at}>
                    {clockTime(entry.at)}
                  </time>
                </div>
                <p className="mail-body">
                  {entry.reason}
                  {entry.detail ? ` → ${entry.detail}` : ''}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
