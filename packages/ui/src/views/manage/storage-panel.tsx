import { useState } from 'react';
import type { RetentionKind, RetentionLimits, RetentionStatus } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { ProblemAlert } from '../problem-alert';

/** What each kind is, in the person's words (a kind added later shows its own name until it has one here). */
const KIND_LABELS: Partial<Record<RetentionKind, string>> = {
  messages: 'Messages, once every recipient acknowledged them',
  humanInbox: 'Messages to you, not yet read',
  notifications: 'Notifications from agents',
  attention: 'Attention items, once resolved or dismissed',
  approvals: 'Approvals, once decided',
  votes: 'Votes, once closed',
  healthTransitions: 'Health history (each open agent keeps its newest 100)',
  recoveryLog: 'Recovery log',
  audit: 'Audit log (verified from the oldest kept entry)',
};

const count = (n: number) => n.toLocaleString('en-US');

export function limitText({ maxAgeDays, maxRows }: RetentionLimits): string {
  const parts = [
    maxAgeDays === null ? null : `${count(maxAgeDays)} day${maxAgeDays === 1 ? '' : 's'}`,
    maxRows === null ? null : `newest ${count(maxRows)}`,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'kept' : parts.join(', ');
}

/** The store's size per kind, what retention keeps and what it dropped; a sweep on demand (docs/retention.md). */
export function StoragePanel() {
  const command = useCommand();
  // A sweep that dropped nothing is not announced: the panel reads again after its own sweep (a new key).
  const [sweeps, setSweeps] = useState(0);
  const { data, problem } = useLiveQuery<RetentionStatus>(
    `retention:${sweeps}`,
    (c) => c.call('retention.get', {}),
    (e) => e.type === 'retention.swept',
  );
  const kinds = data ? (Object.keys(data.limits) as RetentionKind[]) : [];
  const droppedInbox = data?.droppedTotal.humanInbox ?? 0;
  const last = data?.lastSweep ?? null;

  return (
    <section className="panel manage-panel" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      <p className="muted">
        Finished history is pruned every {data?.intervalMinutes ?? 10} minutes, oldest first, in short
        batches. Nothing pending, open or unread by an agent is deleted.
      </p>
      {droppedInbox > 0 && (
        <p className="storage-dropped" role="status" data-testid="storage-inbox-dropped">
          {count(droppedInbox)} older message{droppedInbox === 1 ? ' to you was' : 's to you were'} dropped:
          your inbox keeps the newest {count(data?.limits.humanInbox?.maxRows ?? 0)} unread.
        </p>
      )}
      <div className="manage-form inline">
        <button
          type="button"
          disabled={command.busy || !data}
          onClick={() =>
            void command.run((c) => c.call('retention.sweep', {})).then(() => setSweeps((n) => n + 1))
          }
        >
          Sweep now
        </button>
        <span className="muted" data-testid="storage-last-sweep">
          {last
            ? `Last sweep ${new Date(last.at).toLocaleString()}: ${count(
                Object.values(last.dropped).reduce((s, n) => s + n, 0),
              )} rows dropped in ${Math.round(last.durationMs)} ms, longest batch ${Math.round(last.longestBatchMs)} ms`
            : 'No sweep yet'}
        </span>
      </div>
      <ProblemAlert problem={problem ?? command.problem} />
      <table className="manage-table" aria-label="Storage per kind">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Stored</th>
            <th scope="col">Kept</th>
            <th scope="col">Dropped last sweep</th>
            <th scope="col">Dropped in all</th>
          </tr>
        </thead>
        <tbody>
          {data &&
            kinds.map((kind) => (
              <tr key={kind} data-testid="storage-row" data-kind={kind}>
                <td>{KIND_LABELS[kind] ?? kind}</td>
                <td>{count(data.rows[kind] ?? 0)}</td>
                <td>{limitText(data.limits[kind])}</td>
                <td>{count(last?.dropped[kind] ?? 0)}</td>
                <td>{count(data.droppedTotal[kind] ?? 0)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
