import { useEffect, useState } from 'react';
import type { AgentRecoveryStatus, RecoveryLogEntry } from '@switchboard/protocol';
import { useFleet } from '../store-context';
import { clockTime, recoverySummary, touchesRecovery } from './agent-detail-model';

const LOG_LIMIT = 50;
const REFRESH_MS = 200;

/** The agent's recovery status (breaker, pause, heartbeat) and log (recovery.status, recovery.log), refreshed on recovery events. */
export function RecoveryLog({ agentId }: { agentId: string }) {
  const client = useFleet((s) => s.client);
  const [entries, setEntries] = useState<RecoveryLogEntry[] | null>(null);
  const [status, setStatus] = useState<AgentRecoveryStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      Promise.all([client.call('recovery.log', { agent: agentId, limit: LOG_LIMIT }), client.call('recovery.status', { agent: agentId })]).then(
        ([log, statuses]) => {
          if (!live) return;
          setEntries(log.entries);
          setStatus(statuses.agents.find((a) => a.agentId === agentId) ?? null);
          setProblem(null);
        },
        (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
      );
    void load();
    const stop = client.onEvent((event) => {
      if (!touchesRecovery(event, agentId)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), REFRESH_MS);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      stop();
    };
  }, [client, agentId]);

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
                  <span className={entry.outcome === 'failed' ? 'mirror-error' : 'muted'}>{entry.outcome}</span>
                  <time className="muted" dateTime={entry.at}>{clockTime(entry.at)}</time>
                </div>
                <p className="mail-body">{entry.reason}{entry.detail ? ` → ${entry.detail}` : ''}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
