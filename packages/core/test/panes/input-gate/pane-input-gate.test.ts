import { afterEach, describe, expect, it } from 'vitest';
import {
  SwitchboardError,
  humanCaller,
  type Approval,
  type AuditEntry,
  type Caller,
  type EventOf,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import {
  DEFAULT_TIMINGS,
  createMemoryBackend,
  createOrchestrator,
  type Orchestrator,
} from '../../../src/index';
import { FakeClock } from '../../../src/testing/index';
import { settle } from '../../health/scripted-backend';
import { promptBackend } from '../../prompts/prompt-backend';
import { IDLE, PERMISSION } from '../../fixtures/claude-screens';

const QUIET_MS = 2_000;

async function rejection(work: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('the pane input gate (fake clock, scripted screens)', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  async function setup() {
    const clock = new FakeClock();
    const scripted = promptBackend();
    orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: scripted.backend,
      clock,
      humanQuietMs: QUIET_MS,
    });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    const { agent: bob } = await orchestrator.fleet.spawn({ name: 'bob', kind: 'claude', role: 'builder' });
    const { agent: eve } = await orchestrator.fleet.spawn({ name: 'eve', kind: 'claude', role: 'builder' });
    const { agent: boss } = await orchestrator.fleet.spawn({
      name: 'boss',
      kind: 'claude',
      role: 'orchestrator',
    });
    scripted.show(bob.paneId!, IDLE);
    await settle();
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    const as = (agent: { id: string }): Caller => ({ kind: 'agent', id: agent.id });
    /** Runs a call to the end, moving the fake clock while it waits (the submit's settle, the confirmation). */
    const call = async (
      caller: Caller,
      name: Parameters<Orchestrator['invoke']>[1],
      input: unknown,
    ): Promise<unknown> => {
      let done = false;
      const work = orchestrator.invoke(caller, name, input);
      work.then(
        () => (done = true),
        () => (done = true),
      );
      for (let waited = 0; !done && waited < 30_000; waited += 10) await step(10);
      return work;
    };
    const of = <T extends SwitchboardEvent['type']>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type);
    const audit = async (action: string) =>
      ((await orchestrator.invoke(humanCaller, 'audit.list', { action })) as { entries: AuditEntry[] })
        .entries;
    const pending = async () =>
      (
        (await orchestrator.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as {
          approvals: Approval[];
        }
      ).approvals;
    /** Bob shows Claude Code's permission prompt; health and the prompt service see it and raise the item. */
    const prompt = async () => {
      scripted.show(bob.paneId!, PERMISSION);
      await step(DEFAULT_TIMINGS.debounceMs + 300);
      const [item] = await pending();
      expect(item).toBeDefined();
      return item!;
    };
    return { clock, scripted, bob, eve, boss, step, as, call, of, audit, pending, prompt };
  }

  it("refuses another agent's keys into a pane showing a permission prompt with `conflict` naming the item; nothing is pressed", async () => {
    const { scripted, bob, boss, as, prompt, audit, of, step, call } = await setup();
    const item = await prompt();
    const error = await rejection(call(as(boss), 'pane.keys', { targets: ['bob'], keys: ['enter'] }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Do you want to proceed?');
    expect(error.details).toMatchObject({ reason: 'prompt', approvalId: item.id, agentId: bob.id });
    expect(scripted.typed(bob.paneId!)).toEqual([]);
    // The agent's own keys and text are refused too: it cannot approve itself.
    expect((await rejection(call(as(bob), 'pane.keys', { targets: ['bob'], keys: ['down'] }))).code).toBe(
      'conflict',
    );
    expect(
      (await rejection(call(as(bob), 'pane.send', { targets: ['bob'], text: 'yes', submit: true }))).code,
    ).toBe('conflict');
    // So is the human's typing through the API: only a decision answers the prompt.
    expect(
      (await rejection(call(humanCaller, 'pane.send', { targets: ['bob'], text: '\r', submit: false }))).code,
    ).toBe('conflict');
    expect(scripted.typed(bob.paneId!)).toEqual([]);
    const refusals = (await audit('pane.write')).filter((e) => e.outcome === 'denied');
    expect(refusals.map((e) => [e.actor.id, (e.details as { approvalId: string }).approvalId])).toEqual([
      [boss.id, item.id],
      [bob.id, item.id],
      ['human', item.id],
    ]);
    // The decision is the one writer that passes: it presses Enter and the item is answered.
    scripted.onTyped((pane, input) => input === 'enter' && scripted.show(pane, IDLE));
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item.id, verdict: 'approve' }],
    });
    for (let waited = 0; of('prompt.answered').length === 0 && waited < 10_000; waited += 100)
      await step(100);
    expect(of('prompt.answered')).toMatchObject([{ approvalId: item.id, confirmed: true, error: null }]);
    expect(scripted.typed(bob.paneId!)).toEqual(['enter']);
  });

  it('a prompt drawn after the text was typed stops the Enter that would have answered it', async () => {
    const { scripted, bob, boss, as, call } = await setup();
    scripted.onTyped((pane, input) => input === 'ls' && scripted.show(pane, PERMISSION));
    const error = await rejection(
      call(as(boss), 'pane.send', { targets: ['bob'], text: 'ls', submit: true }),
    );
    expect(error.code).toBe('conflict');
    expect(scripted.typed(bob.paneId!)).toEqual(['ls']);
  });

  it("writing into another agent's pane needs pane.write.others (orchestrators have it, builders not); the own pane needs none", async () => {
    const { scripted, bob, eve, boss, as, call } = await setup();
    const refused = await rejection(
      call(as(eve), 'pane.send', { targets: ['bob'], text: 'rm -rf ~', submit: false }),
    );
    expect(refused.code).toBe('forbidden');
    expect(refused.details).toMatchObject({ missing: 'pane.write.others', role: 'builder' });
    expect((await rejection(call(as(eve), 'pane.keys', { targets: ['bob'], keys: ['enter'] }))).code).toBe(
      'forbidden',
    );
    expect(scripted.typed(bob.paneId!)).toEqual([]);
    await call(as(boss), 'pane.send', { targets: ['bob'], text: 'from the boss', submit: false });
    await call(as(eve), 'pane.send', { targets: ['eve'], text: 'my own', submit: false });
    expect(scripted.typed(bob.paneId!)).toEqual(['from the boss']);
    expect(scripted.typed(eve.paneId!)).toEqual(['my own']);
    // The human grants it per role.
    await call(humanCaller, 'role.update', { name: 'builder', canWriteOtherPanes: true });
    await call(as(eve), 'pane.keys', { targets: ['bob'], keys: ['enter'] });
    expect(scripted.typed(bob.paneId!)).toEqual(['from the boss', 'enter']);
  });

  it("focusing, decorating or setting a variable on another agent's pane needs pane.write.others too; nothing changes", async () => {
    const { scripted, bob, eve, boss, as, call } = await setup();
    const focused: string[] = [];
    scripted.backend.onEvent((e) => e.type === 'pane.focused' && focused.push(e.paneId));
    const acts: [string, Record<string, unknown>][] = [
      ['pane.focus', {}],
      ['pane.setAppearance', { title: 'bob: approved', badge: '✓ approved', tabColor: '#00ff00' }],
      ['pane.setVariable', { name: 'reviewed', value: 'yes' }],
    ];
    const bobsAppearance = [...(scripted.appearances.get(bob.paneId!) ?? [])];
    for (const [name, input] of acts) {
      const refused = await rejection(call(as(eve), name as 'pane.focus', { target: 'bob', ...input }));
      expect(refused.code, name).toBe('forbidden');
      expect(refused.details, name).toMatchObject({ missing: 'pane.write.others', role: 'builder' });
    }
    expect(focused).toEqual([]);
    expect(scripted.appearances.get(bob.paneId!)).toEqual(bobsAppearance);
    expect(await scripted.backend.getVariable(bob.paneId!, 'user.reviewed')).toBeUndefined();
    // Its own pane, and an orchestrator on anyone's, as before.
    for (const [name, input] of acts) {
      await call(as(eve), name as 'pane.focus', { target: 'eve', ...input });
      await call(as(boss), name as 'pane.focus', { target: 'bob', ...input });
    }
    expect(focused).toEqual([eve.paneId, bob.paneId]);
    expect(await scripted.backend.getVariable(bob.paneId!, 'user.reviewed')).toBe('yes');
  });

  it('holds a delivery while the prompt is up and lets it through once the prompt is gone', async () => {
    const { scripted, bob, eve, prompt, of, step, audit } = await setup();
    const item = await prompt();
    const origin = { kind: 'message' as const, messageId: 'msg-1', senderId: 'human' };
    const held = await orchestrator.gate.write({
      paneId: bob.paneId!,
      origin,
      text: 'hello',
      whenBlocked: 'hold',
    });
    expect(held).toMatchObject({ status: 'held', block: { reason: 'prompt', approvalId: item.id } });
    expect(of('pane.input_held')).toMatchObject([
      { paneId: bob.paneId, agentId: bob.id, origin: 'message:msg-1', approvalId: item.id },
    ]);
    let writable = false;
    void orchestrator.gate.whenWritable(bob.paneId!, origin).then(() => (writable = true));
    await step(3_000);
    expect(writable).toBe(false);
    scripted.show(bob.paneId!, IDLE);
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item.id, verdict: 'deny' }],
    });
    await step(3_000);
    expect(writable).toBe(true);
    expect(
      await orchestrator.gate.write({ paneId: bob.paneId!, origin, text: 'hello', whenBlocked: 'hold' }),
    ).toMatchObject({ status: 'written' });
    expect(scripted.typed(bob.paneId!)).toEqual(['hello']);
    // Written by a message: audited here with the message id and the true sender.
    const rows = (await audit('pane.write')).filter((e) => e.outcome === 'ok');
    expect(rows).toMatchObject([
      {
        actor: { kind: 'human', id: 'human' },
        target: bob.paneId,
        details: { origin: 'message:msg-1', messageId: 'msg-1', agentId: bob.id, characters: 5 },
      },
    ]);
    // A message from an agent carries the sender's lease rights: not into a pane someone else leased.
    await orchestrator.invoke({ kind: 'agent', id: bob.id }, 'lock.acquire', {
      resource: { kind: 'pane', name: bob.paneId },
      ttlMs: 60_000,
    });
    const fromEve = { kind: 'message' as const, messageId: 'msg-2', senderId: eve.id };
    expect(
      (
        await rejection(
          orchestrator.gate.write({ paneId: bob.paneId!, origin: fromEve, text: 'x', whenBlocked: 'hold' }),
        )
      ).code,
    ).toBe('locked');
  });

  it('take control: the human typing pauses automated input for the quiet period, shown as an event; decisions and the human pass', async () => {
    const { scripted, bob, boss, as, of, step, audit, call } = await setup();
    await call(humanCaller, 'pane.send', { targets: ['bob'], text: 'l', submit: false });
    expect(of('pane.human_control')).toMatchObject([{ paneId: bob.paneId, agentId: bob.id }]);
    expect(of('pane.human_control')[0]!.until).not.toBeNull();
    const error = await rejection(
      call(as(boss), 'pane.send', { targets: ['bob'], text: 'x', submit: false }),
    );
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ reason: 'human' });
    const recovery = await orchestrator.gate.write({
      paneId: bob.paneId!,
      origin: { kind: 'recovery', step: 'nudge' },
      text: 'still there?',
      whenBlocked: 'hold',
    });
    expect(recovery.status).toBe('held');
    // Each keystroke extends the period.
    await step(QUIET_MS - 500);
    await call(humanCaller, 'pane.send', { targets: ['bob'], text: 's', submit: false });
    await step(QUIET_MS - 500);
    expect(
      (await rejection(call(as(boss), 'pane.send', { targets: ['bob'], text: 'x', submit: false }))).code,
    ).toBe('conflict');
    await step(600);
    expect(of('pane.human_control').map((e) => e.until === null)).toEqual([false, true]);
    await call(as(boss), 'pane.send', { targets: ['bob'], text: 'x', submit: false });
    expect(scripted.typed(bob.paneId!)).toEqual(['l', 's', 'x']);
    // Held writes are not audited as writes; the message-less nudge would have been, had it gone in.
    expect((await audit('pane.write')).filter((e) => e.outcome === 'ok')).toEqual([]);
  });

  it('keystrokes the backend reports from the terminal itself also give the human control', async () => {
    const clock = new FakeClock();
    const backend = createMemoryBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock, humanQuietMs: QUIET_MS });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    const { agent: bob } = await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    const { agent: boss } = await orchestrator.fleet.spawn({
      name: 'boss',
      kind: 'shell',
      role: 'orchestrator',
    });
    backend.typeAsHuman(bob.paneId!, 'git st');
    await settle();
    expect(events.filter((e) => e.type === 'pane.human_control')).toMatchObject([
      { paneId: bob.paneId, agentId: bob.id },
    ]);
    const error = await rejection(
      orchestrator.invoke({ kind: 'agent', id: boss.id }, 'pane.keys', { targets: ['bob'], keys: ['enter'] }),
    );
    expect(error.code).toBe('conflict');
    expect(backend.inspect(bob.paneId!).lines.join('\n')).toBe('git st');
    clock.advance(QUIET_MS);
    await settle();
    await orchestrator.invoke({ kind: 'agent', id: boss.id }, 'pane.keys', {
      targets: ['bob'],
      keys: ['enter'],
    });
    expect(backend.inspect(bob.paneId!).lines).toEqual(['git st', '']);
  });
});
