import type { HandlerMap } from '../dispatch/handler';
import type { PolicyStore } from '../policy/policy-store';
import type { EventBus } from '../events/event-bus';
import { approvalShown, type Caller, type ViewerRights } from '@switchboard/protocol';
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
  rightsOf: (caller: Caller) => ViewerRights,
): HandlerMap<ApprovalCommand> {
  /**
   * An agent names only the items approval.list and the events show it — those that concern it, and for a decider
   * those it may decide; any other is answered as an item that does not exist (docs/security.md, "Refusals"). Until
   * session 25 approval.wait answered it withheld (its requester and state); until session 26 a decider naming
   * another's permission item by id (the input gate's `conflict` names it) was told `decide_permission`.
   */
  const assertShown = (caller: Caller, id: string) => {
    const item = approvals.get(id);
    if (item && caller.kind === 'agent' && !approvalShown(item, caller.id, rightsOf(caller)))
      throw unknownApproval(id);
  };
  return {
    'approval.request': (input, { caller, signal }) => approvals.request(caller, input, signal),
    'approval.wait': (input, { caller, signal }) => {
      assertShown(caller, input.id);
      return approvals.awaitDecision(input.id, input.waitMs, signal, caller);
    },
    'approval.decide': (input, { caller }) => {
      for (const { id } of input.decisions) assertShown(caller, id);
      return { approvals: approvals.decide(caller, input) };
    },
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
