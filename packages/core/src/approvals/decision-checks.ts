import { SwitchboardError } from '@switchboard/protocol';
import type { Approval, Caller, ParsedInput } from '@switchboard/protocol';

type Decision = ParsedInput<'approval.decide'>['decisions'][number];

/**
 * Throws unless this caller may give this decision on this item: it is pending, not the agent's own request, not
 * a permission prompt decided by an agent, and a named choice is one the item offers.
 */
export function assertMayDecide(caller: Caller, approval: Approval, decision: Decision): void {
  if (approval.status !== 'pending') {
    throw new SwitchboardError('conflict', `Approval item "${approval.id}" is already ${approval.status}`, {
      details: { id: approval.id, status: approval.status },
    });
  }
  if (caller.kind === 'agent' && approval.requester === caller.id) {
    throw new SwitchboardError(
      'forbidden',
      `Agent ${caller.id} may not decide its own request "${approval.id}"`,
      { details: { missing: 'decide_own_request' } },
    );
  }
  // A permission prompt asks the person whether the CLI may run something: only the person (or a policy the
  // person wrote) answers it. An agent with approval.decide learnt the item's id from the `conflict` its
  // pane.send got, decided it, and Switchboard pressed the answer into the other agent's pane. (Since session 26 the
  // handler answers another's permission item `not_found` before this: it is not shown to deciders. This stays for
  // one that concerns the caller, e.g. names it as lock holder.)
  if (caller.kind === 'agent' && approval.kind === 'permission') {
    throw new SwitchboardError(
      'forbidden',
      `Permission item "${approval.id}" is the human's to decide (or a policy's), never an agent's`,
      {
        details: { missing: 'decide_permission' },
        hint: 'Ask the human (human.notify or an escalation); policies the human adds can decide such items.',
      },
    );
  }
  if (decision.choice !== undefined && !approval.choices.includes(decision.choice)) {
    throw new SwitchboardError(
      'invalid_input',
      `"${decision.choice}" is not one of the choices of "${approval.id}": ${approval.choices.join(', ')}`,
    );
  }
}
