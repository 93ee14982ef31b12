import type { Approval } from '@switchboard/protocol';
import { confirmedOutcome, decidedBy, historyComment } from '../../approvals/approval-selectors';
import { itemWords } from '../../approvals/item-words';
import type { FleetState } from '../../store/fleet-state';
import { AgentName } from '../agent-name';
import { ItemLine } from './item-words-view';

/** Who decided what, and when: decided and expired items, most recent first. */
export function ApprovalHistory({ approvals, state }: { approvals: Approval[]; state: FleetState }) {
  return (
    <section className="panel history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {approvals.length === 0 ? (
        <p className="muted">No decisions yet.</p>
      ) : (
        <table data-testid="approval-history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Item</th>
              <th scope="col">Asked by</th>
              <th scope="col">Outcome</th>
              <th scope="col">Decided by</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {approvals.map((approval) => {
              const outcome = confirmedOutcome(state, approval);
              return (
                <tr key={approval.id} data-testid="history-row">
                  <td>
                    {new Date(
                      approval.decision?.decidedAt ??
                        approval.closedAt ??
                        approval.expiresAt ??
                        approval.createdAt,
                    ).toLocaleString()}
                  </td>
                  <td>
                    <span className={`kind-chip kind-${approval.kind}`}>
                      {approval.kind.replace('_', ' ')}
                    </span>{' '}
                    <ItemLine words={itemWords(state, approval)} />
                  </td>
                  <td>
                    <AgentName state={state} id={approval.requester} recorded={approval.requesterName} />
                  </td>
                  <td
                    className={`outcome-${outcome.failed ? 'failed' : approval.status}`}
                    data-testid="history-outcome"
                  >
                    {outcome.text}
                  </td>
                  <td>{decidedBy(state, approval)}</td>
                  <td>{historyComment(approval)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
