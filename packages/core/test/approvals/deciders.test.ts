// "A decider sees what it may decide" (docs/security.md, docs/approvals-locks-roles.md): an agent whose role grants
// approval.decide (the orchestrator as shipped) is shown — listed, got by approval.wait, in the history and the
// events — other agents' items it may decide (asks, handoffs, lock requests: never a permission prompt), whole;
// an agent without the power sees what concerns it only, another's item answered as one that does not exist.
import { describe, expect, it } from 'vitest';
import type { Approval, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { outcomeOf } from '../visibility/agent-probes';
import { createWorld, settle, type World } from '../support/world';

interface Listed {
  approvals: Approval[];
}

/** A world: a worker w of team beta with an ask, a handoff and a permission item; viewers of team alpha. */
async function world() {
  const w = createWorld();
  await w.orchestrator.ready;
  await w.human('team.create', { name: 'alpha' });
  await w.human('team.create', { name: 'beta' });
  const worker = await w.spawn('w', 'builder', 'beta');
  await w.spawn('r', 'builder', 'beta');
  const decider = await w.spawn('boss', 'orchestrator', 'alpha');
  const bystander = await w.spawn('other', 'builder', 'alpha');
  const seen = new Map<string, SwitchboardEvent[]>();
  for (const viewer of [decider, bystander]) {
    const events: SwitchboardEvent[] = [];
    seen.set(viewer.id, events);
    w.orchestrator.subscribe((event) => events.push(event), viewer);
  }
  const asW = w.as(worker);
  const ask = (await asW('approval.request', {
    kind: 'escalation',
    summary: 'ASK-SUMMARY may I migrate the schema?',
    payload: { command: 'ASK-PAYLOAD npm run migrate' },
  })) as { approval: Approval };
  const sent = (await asW('message.send', {
    kind: 'handoff',
    to: { agent: 'r' },
    body: 'HANDOFF-BODY take over the API work',
  })) as { handoffApprovals: { approvalId: string }[] };
  const permission = (await asW('approval.request', {
    kind: 'permission',
    summary: 'PERMISSION-SUMMARY run rm -rf build/',
    payload: { command: 'PERMISSION-PAYLOAD rm -rf build/' },
  })) as { approval: Approval };
  await settle();
  return {
    w,
    worker,
    decider,
    bystander,
    seen,
    ask: ask.approval.id,
    handoff: sent.handoffApprovals[0]!.approvalId,
    permission: permission.approval.id,
  };
}

const idsOf = (listed: unknown) => (listed as Listed).approvals.map((a) => a.id).sort();
const approvalEvents = (events: SwitchboardEvent[]) =>
  events.filter((event) => event.type.startsWith('approval.')) as (SwitchboardEvent & {
    approval: Approval;
  })[];
/** An id of the same shape that names nothing. */
const unknownLike = (id: string) => id.replace(/[0-9a-f]/g, '7');
/** A call's outcome with `id` written as `as`: two refusals compare as text. */
const outcomeAs = async (w: World, caller: Caller, name: string, input: unknown, id: string, as: string) =>
  JSON.stringify(await outcomeOf(w.as(caller)(name, input))).replaceAll(id, as);

describe('a decider sees what it may decide', () => {
  it("lists, gets and decides another agent's ask and handoff, whole, and is told of them", async () => {
    const { w, decider, seen, ask, handoff, permission } = await world();
    const asBoss = w.as(decider);
    const listed = (await asBoss('approval.list', {})) as Listed;
    expect(idsOf(listed)).toEqual([ask, handoff].sort());
    const human = (await w.human('approval.list', {})) as Listed;
    for (const item of listed.approvals) expect(item).toEqual(human.approvals.find((h) => h.id === item.id));
    expect(JSON.stringify(listed)).toContain('ASK-PAYLOAD');
    expect(JSON.stringify(listed)).toContain('HANDOFF-BODY');
    // approval.wait is the agent's "get": the item whole, as the person has it.
    await expect(asBoss('approval.wait', { id: ask, waitMs: 0 })).resolves.toMatchObject({
      timedOut: true,
      approval: { id: ask, summary: 'ASK-SUMMARY may I migrate the schema?' },
    });
    const decided = (await asBoss('approval.decide', {
      decisions: [
        { id: ask, verdict: 'approve', comment: 'DECIDER-COMMENT go ahead' },
        { id: handoff, verdict: 'approve' },
      ],
    })) as Listed;
    expect(
      decided.approvals.map((a) => [a.payload['command'] ?? a.payload['message'], a.decision?.comment]),
    ).toEqual([
      ['ASK-PAYLOAD npm run migrate', 'DECIDER-COMMENT go ahead'],
      ['HANDOFF-BODY take over the API work', null],
    ]);
    expect(idsOf(await asBoss('approval.history', {}))).toEqual([ask, handoff].sort());
    const events = approvalEvents(seen.get(decider.id)!);
    expect(events.map((e) => [e.type, e.approval.id])).toEqual([
      ['approval.requested', ask],
      ['approval.requested', handoff],
      ['approval.decided', ask],
      ['approval.decided', handoff],
    ]);
    expect(events[0]!.approval.payload).toEqual({ command: 'ASK-PAYLOAD npm run migrate' });
    expect(events.some((e) => e.approval.id === permission)).toBe(false);
  });

  it('an agent without the power, of another team, sees nothing of them: unknown-alike', async () => {
    const { w, bystander, seen, ask, handoff, permission } = await world();
    const asOther = w.as(bystander);
    expect(idsOf(await asOther('approval.list', {}))).toEqual([]);
    for (const id of [ask, handoff, permission]) {
      const fake = unknownLike(id);
      const input = (of: string) => ({ id: of, waitMs: 0 });
      expect(await outcomeAs(w, bystander, 'approval.wait', input(id), id, 'X')).toEqual(
        await outcomeAs(w, bystander, 'approval.wait', input(fake), fake, 'X'),
      );
    }
    await w.human('approval.decide', { decisions: [{ id: ask, verdict: 'deny', comment: 'HUMAN-COMMENT' }] });
    expect(idsOf(await asOther('approval.history', {}))).toEqual([]);
    expect(approvalEvents(seen.get(bystander.id)!)).toEqual([]);
  });

  it("is never shown another's permission item: listed, got, told or decided, it is unknown", async () => {
    const { w, decider, seen, permission } = await world();
    const asBoss = w.as(decider);
    const everything = [
      await asBoss('approval.list', {}),
      await asBoss('approval.list', { kind: 'permission' }),
      await asBoss('approval.history', {}),
      seen.get(decider.id),
    ];
    expect(JSON.stringify(everything)).not.toContain('PERMISSION-');
    expect(JSON.stringify(everything)).not.toContain(permission);
    const fake = unknownLike(permission);
    const decide = (id: string) => ({ decisions: [{ id, verdict: 'approve' }] });
    const wait = (id: string) => ({ id, waitMs: 0 });
    // Deciding it is answered as for an id that names nothing (until session 26: forbidden, decide_permission).
    const decided = await outcomeAs(w, decider, 'approval.decide', decide(permission), permission, 'X');
    expect(decided).toEqual(await outcomeAs(w, decider, 'approval.decide', decide(fake), fake, 'X'));
    expect(decided).toContain('not_found');
    expect(await outcomeAs(w, decider, 'approval.wait', wait(permission), permission, 'X')).toEqual(
      await outcomeAs(w, decider, 'approval.wait', wait(fake), fake, 'X'),
    );
    expect(w.orchestrator.approvals.get(permission)).toMatchObject({ status: 'pending' });
    // The person decides it; the decision is not told to the decider either.
    await w.human('approval.decide', { decisions: [{ id: permission, verdict: 'approve' }] });
    await settle();
    expect(JSON.stringify([seen.get(decider.id), await asBoss('approval.history', {})])).not.toContain(
      permission,
    );
  });

  it('the power is looked up when an item is shown: granted later, it shows; taken away, it hides', async () => {
    const { w, bystander, seen, ask, handoff } = await world();
    const asOther = w.as(bystander);
    await w.human('role.update', { name: 'builder', commands: ['*.list', 'approval.*'] });
    expect(idsOf(await asOther('approval.list', {}))).toEqual([ask, handoff].sort());
    await w.human('approval.decide', { decisions: [{ id: ask, verdict: 'deny' }] });
    await settle();
    expect(approvalEvents(seen.get(bystander.id)!).map((e) => [e.type, e.approval.id])).toEqual([
      ['approval.decided', ask],
    ]);
    await w.human('role.update', { name: 'builder', commands: ['*.list', 'approval.wait'] });
    expect(idsOf(await asOther('approval.list', {}))).toEqual([]);
  });
});
