import { useMemo } from 'react';
import { useFleet } from '../store-context';
import { clockTime, locksHeldBy } from './agent-detail-model';

/** The leases the agent holds (kept live by the fleet store's lock events). */
export function AgentLocks({ agentId }: { agentId: string }) {
  const fleet = useFleet((s) => s.fleet);
  const locks = useMemo(() => locksHeldBy(fleet, agentId), [fleet, agentId]);
  return (
    <section className="panel" aria-labelledby="locks-heading">
      <h3 id="locks-heading">
        Locks held <span className="muted">({locks.length})</span>
      </h3>
      {locks.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="lock-list">
          {locks.map((lock) => (
            <li key={lock.id}>
              <span className="kind-chip">{lock.resource.kind}</span> <code>{lock.resource.name}</code>
              <span className="muted">
                {' '}
                until {clockTime(lock.expiresAt)}
                {lock.reason ? ` · ${lock.reason}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
