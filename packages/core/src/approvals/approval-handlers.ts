import type { HandlerMap } from '../dispatch/handler';
import type { PolicyStore } from '../policy/policy-store';
import type { EventBus } from '../events/event-bus';
import { approvalConcerns } from '@switchboard/protocol';
import { unknownApproval, type ApprovalService } from './approval-service';

export type ApprovalCommand =
  | 'approval.request'
  | 'approval.wait'
  | 'approval.decide'
  | 'approval.list'
  | 'approval.history'
  | 'policy.list'
  | 'policy.add'
  | 'policy.update'
  | 'policy.remove';

export function approvalHandlers(
  approvals: ApprovalService,
  policies: PolicyStore,
  bus: EventBus,
): HandlerMap<ApprovalCommand> {
  return {
    'approval.request': (input, { caller, signal }) => approvals.request(caller, input, signal),
    // An agent waits on the items that concern it, those approval.list and the events show it; another agent's
    // item is answered as one that does not exist (until session 25: withheld, which told its requester and state).
    'approval.wait': (input, { caller, signal }) => {
      const item = approvals.get(input.id);
      if (item && caller.kind === 'agent' && !approvalConcerns(item, caller.id))
        throw unknownApproval(input.id);
      return approvals.awaitDecision(input.id, input.waitMs, signal);
    },
    'approval.decide': (input, { caller }) => ({ approvals: approvals.decide(caller, input) }),
    'approval.list': (input) => ({ approvals: approvals.list(input) }),
    'approval.history': (input) => ({ approvals: approvals.history(input) }),
    'policy.list': () => ({ policies: policies.list() }),
    'policy.add': (input) => {
      const policy = policies.add(input);
      bus.emit({ type: 'policy.added', policy });
      return policy;
    },
    'policy.update': (input) => {
      const policy = policies.update(input);
      bus.emit({ type: 'policy.updated', policy });
      return policy;
    },
    'policy.remove': (input) => {
      policies.remove(input.id);
      bus.emit({ type: 'policy.removed', policyId: input.id });
      return { id: input.id };
    },
  };
}
