// The contract's side of "a decider sees what it may decide": with the viewer's rights saying its role grants
// approval.decide, another agent's items other than permission prompts pass the audience filter whole (outputs
// and events); without them, or for a permission item, they do not pass at all.
import { describe, expect, it } from 'vitest';
import {
  NO_RIGHTS,
  commands,
  eventFor,
  outputFor,
  type Approval,
  type Caller,
  type SwitchboardEvent,
  type ViewerRights,
} from '../src/index';
import { sampleOf } from '../src/testing';

const viewer: Caller = { kind: 'agent', id: 'agent-viewer' };
const DECIDER: ViewerRights = { decidesApprovals: () => true };
const sample = sampleOf(commands['approval.list'].output, (path) => `MARK-${path.join('.')}`) as {
  approvals: Approval[];
};
const item = (kind: Approval['kind']): Approval => ({
  ...sample.approvals[0]!,
  kind,
  requester: 'agent-other',
  payload: { command: 'MARK-payload' },
});
const requested = (approval: Approval) =>
  ({ type: 'approval.requested', approval, sequence: 1, at: '2026-12-08T00:00:00.000Z' }) as SwitchboardEvent;

describe('a decider sees what it may decide (the audience filter)', () => {
  it("passes another agent's escalation, handoff and lock request whole to a decider, in outputs and events", () => {
    const items = (['escalation', 'handoff', 'lock', 'plan_step'] as const).map(item);
    expect(outputFor(viewer, 'approval.list', { approvals: items }, DECIDER)).toEqual({ approvals: items });
    expect(outputFor(viewer, 'approval.history', { approvals: items }, DECIDER)).toEqual({
      approvals: items,
    });
    for (const approval of items)
      expect(eventFor(viewer, requested(approval), DECIDER)).toEqual(requested(approval));
  });

  it('passes none of them to an agent without the power (rights not given count as none)', () => {
    const items = (['escalation', 'handoff'] as const).map(item);
    expect(outputFor(viewer, 'approval.list', { approvals: items }, NO_RIGHTS)).toEqual({ approvals: [] });
    expect(outputFor(viewer, 'approval.list', { approvals: items })).toEqual({ approvals: [] });
    expect(eventFor(viewer, requested(items[0]!))).toBeUndefined();
  });

  it("never passes another agent's permission item, not even to a decider", () => {
    const permission = item('permission');
    expect(outputFor(viewer, 'approval.list', { approvals: [permission] }, DECIDER)).toEqual({
      approvals: [],
    });
    expect(eventFor(viewer, requested(permission), DECIDER)).toBeUndefined();
    const waited = outputFor(viewer, 'approval.wait', { approval: permission, timedOut: true }, DECIDER);
    expect(JSON.stringify(waited)).not.toContain('MARK-payload');
  });
});
