import { useState } from 'react';
import type { ApprovalPolicy } from '@switchboard/protocol';
import type { FleetState } from '../../store/fleet-state';
import { callerName } from '../../store/selectors';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useFleet } from '../store-context';

/** What a policy matches, in words: "permission from asker matching `npm test`". Pure. */
export function describePolicy(state: FleetState, policy: ApprovalPolicy): string {
  const parts = [policy.kind ? policy.kind.replace('_', ' ') : 'any item'];
  if (policy.requester) parts.push(`from ${callerName(state, policy.requester)}`);
  if (policy.team) parts.push(`in team ${state.teams[policy.team]?.name ?? policy.team}`);
  if (policy.holder) parts.push(`held by ${callerName(state, policy.holder)}`);
  if (policy.pattern) parts.push(`matching “${policy.pattern}”`);
  return parts.join(' ');
}

/** The approval policies (first match wins), each removable: "always allow this" lands here. */
export function PolicyList() {
  const fleet = useFleet((s) => s.fleet);
  const client = useFleet((s) => s.client);
  const notify = useFleet((s) => s.notify);
  const [removing, setRemoving] = useState<string | null>(null);
  const { data, problem } = useLiveQuery(
    'policies',
    (c) => c.call('policy.list', {}),
    (event) => event.type.startsWith('policy.'),
  );
  const policies = data?.policies ?? [];
  const remove = async (policy: ApprovalPolicy) => {
    setRemoving(policy.id);
    try {
      await client.call('policy.remove', { id: policy.id });
    } catch (error) {
      notify({
        tone: 'error',
        title: 'Could not remove the policy',
        body: error instanceof Error ? error.message : String(error),
        agentId: null,
      });
    } finally {
      setRemoving(null);
    }
  };
  return (
    <section className="panel policies" aria-labelledby="policies-title" data-testid="policy-list">
      <h2 id="policies-title">Policies</h2>
      {problem && <p role="alert">{problem}</p>}
      {policies.length === 0 ? (
        <p className="muted">
          No policies: every item waits for a person. “Always allow this” on an item adds one.
        </p>
      ) : (
        <ol className="policy-items">
          {policies.map((policy) => (
            <li key={policy.id} data-testid="policy-row">
              <span
                className={`outcome-${policy.action === 'approve' ? 'approved' : policy.action === 'deny' ? 'denied' : 'pending'}`}
              >
                {policy.action}
              </span>{' '}
              {describePolicy(fleet, policy)}
              <button
                type="button"
                className="link"
                disabled={removing === policy.id}
                onClick={() => void remove(policy)}
                aria-label={`Remove policy: ${policy.action} ${describePolicy(fleet, policy)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
