import { afterEach, describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Caller,
  type InboxStatus,
  type SwitchboardEvent,
  type TerminalFocus,
} from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { createWorld, settle, type World } from '../support/world';

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.orchestrator.close();
});

function world(): World {
  const made = createWorld();
  worlds.push(made);
  return made;
}

const focusEvents = (events: SwitchboardEvent[]) =>
  events.flatMap((e) => (e.type === 'terminal.focused' ? [e.focus] : []));
const depth = async (w: World, agent: Caller) =>
  ((await w.human('message.status', { agent: agent.id })) as { inboxes: InboxStatus[] }).inboxes[0]?.depth ??
  0;

describe('terminal focus: the pane with the keyboard focus, and the `focused` message address', () => {
  it('follows the focus to the agent that owns the pane, for the human only', async () => {
    const w = world();
    const a = await w.spawn('a');
    const b = await w.spawn('b');
    const seenByAgent: SwitchboardEvent[] = [];
    w.orchestrator.subscribe((e) => seenByAgent.push(e), a);
    expect(await w.human('terminal.getFocus')).toEqual({ paneId: null, agentId: null });

    await w.human('pane.focus', { target: 'b' });
    await w.human('pane.focus', { target: 'a' });
    await settle();
    const paneOf = (id: string) => w.orchestrator.fleet.repository.findAgent(id)!.paneId;
    expect(focusEvents(w.events)).toEqual([
      { paneId: paneOf(b.id), agentId: b.id },
      { paneId: paneOf(a.id), agentId: a.id },
    ]);
    expect(await w.human('terminal.getFocus')).toEqual({ paneId: paneOf(a.id), agentId: a.id });
    // Where the person looks is not an agent's to know.
    expect(focusEvents(seenByAgent)).toEqual([]);
    await expect(w.as(a)('terminal.getFocus')).rejects.toMatchObject({ code: 'forbidden' });

    // The focused agent closes: its pane goes, and with it the focus.
    await w.human('agent.close', { agent: 'a' });
    await settle();
    expect(focusEvents(w.events).at(-1)).toEqual({ paneId: null, agentId: null });
  });

  it('delivers a message to the focused agent exactly as if it were named', async () => {
    const w = world();
    await w.spawn('a');
    const b = await w.spawn('b');
    await w.human('pane.focus', { target: 'b' });
    const sent = (await w.human('message.send', { to: { focused: true }, body: 'look here' })) as {
      deliveries: { recipientId: string }[];
    };
    expect(sent.deliveries.map((d) => d.recipientId)).toEqual([b.id]);
    const inbox = (await w.as(b)('message.receive', {})) as { messages: { body: string }[] };
    expect(inbox.messages.map((m) => m.body)).toEqual(['look here']);
  });

  it('refuses when no agent has the focus (none, or a pane no agent owns), and queues nothing', async () => {
    const backend = createMemoryBackend();
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock: new FakeClock() });
    try {
      const events: SwitchboardEvent[] = [];
      orchestrator.subscribe((e) => events.push(e));
      const { agent } = await orchestrator.fleet.spawn({ name: 'a', kind: 'shell', role: 'builder' });
      const send = () =>
        orchestrator.invoke(humanCaller, 'message.send', { to: { focused: true }, body: 'anyone?' });
      await expect(send()).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringContaining('focus'),
      });
      // A pane no agent owns (a shell the person opened) has the focus.
      const stray = await backend.createPane({});
      await orchestrator.invoke(humanCaller, 'pane.focus', { target: stray.id });
      await settle();
      expect(await orchestrator.invoke(humanCaller, 'terminal.getFocus', {})).toEqual({
        paneId: stray.id,
        agentId: null,
      });
      await expect(send()).rejects.toMatchObject({ code: 'not_found' });
      const status = (await orchestrator.invoke(humanCaller, 'message.status', { agent: agent.id })) as {
        inboxes: InboxStatus[];
      };
      expect(status.inboxes[0]?.depth ?? 0).toBe(0);
      expect(events.filter((e) => e.type === 'message.sent')).toEqual([]);
    } finally {
      await orchestrator.close();
    }
  });

  it('lets an agent address the focused agent only where its role may message that agent', async () => {
    const w = world();
    const monitor = await w.spawn('mon', 'monitor');
    const boss = await w.spawn('boss', 'orchestrator');
    const builder = await w.spawn('b', 'builder');
    const send = () => w.as(monitor)('message.send', { to: { focused: true }, body: 'psst' });

    await w.human('pane.focus', { target: 'b' });
    await expect(send()).rejects.toMatchObject({ code: 'forbidden' });
    expect(await depth(w, builder)).toBe(0);

    await w.human('pane.focus', { target: 'boss' });
    await send();
    expect(await depth(w, boss)).toBe(1);
  });

  it("starts from the backend's focus, asked once the host starts", async () => {
    const backend = createMemoryBackend();
    const pane = await backend.createPane({});
    await backend.focus(pane.id);
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock: new FakeClock() });
    try {
      await orchestrator.ready;
      await settle();
      const focus = (await orchestrator.invoke(humanCaller, 'terminal.getFocus', {})) as TerminalFocus;
      expect(focus).toEqual({ paneId: pane.id, agentId: null });
    } finally {
      await orchestrator.close();
    }
  });
});
