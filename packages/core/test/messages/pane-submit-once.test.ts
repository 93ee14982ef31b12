// An Enter nobody decided must never reach a prompt. A CPU-starved CLI reads its Enter seconds late; an Enter
// pressed again meanwhile waits in the pty and is read once the turn the first one started draws its permission
// prompt: it would answer it ("Yes"). So the typer presses the submit key once, watches a long window, and
// presses again at most once, only when the screen never moved and nothing blocks the pane; otherwise the copy
// (or the first task) is `unconfirmed`, not failed, and never typed again.
import { describe, expect, it } from 'vitest';
import type { AttentionItem, Message } from '@switchboard/protocol';
import { FakeClock } from '../../src/testing/index';
import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

type Received = { messages: Message[] };

/** A CLI that reads each Enter `ms` late, and whose turn draws a permission prompt at once. */
function starvedCli(ms: number) {
  const clock = new FakeClock();
  const fake = fakeCliBackend({ lateEnter: { clock, ms }, promptAfterSubmit: true });
  return { clock, fake, f: messagingFixture({ clock, backend: fake.backend }) };
}

/** A CLI that never shows a submission (every Enter is lost), with one agent `name` and a message sent to it. */
async function deafCli(name: string, body: string) {
  const fake = fakeCliBackend({ swallow: Infinity });
  const f = messagingFixture({ backend: fake.backend });
  const agent = await f.spawn(name, { kind: 'claude' });
  const { messageIds } = await f.human<{ messageIds: string[] }>('message.send', {
    to: { agent: name },
    body,
  });
  return { fake, f, agent, messageId: messageIds[0] };
}

const enters = (fake: ReturnType<typeof fakeCliBackend>, paneId: string) =>
  fake.keys.filter((k) => k.paneId === paneId && k.text === '\r').length;

describe('the typer presses Enter once: a late-reading CLI never gets an Enter for its next prompt', () => {
  for (const lateMs of [2_000, 4_000]) {
    it(`a message to a CLI that reads its Enter ${lateMs / 1000} s late: one Enter, submitted, the prompt stays for the human`, async () => {
      const { fake, f } = starvedCli(lateMs);
      const claude = await f.spawn('claude-1', { kind: 'claude' });
      await f.human('message.send', { to: { agent: 'claude-1' }, body: 'run the tests' });
      await f.drive(() => f.ofType('message.acked').length > 0);
      await f.drive(() => false, 50, 200); // 10 s more: nothing else is pressed
      expect(enters(fake, claude.paneId)).toBe(1);
      expect(fake.submitted).toHaveLength(1);
      expect(fake.answered).toEqual([]);
      expect(fake.state(claude.paneId)).toBe('prompt');
      const [message] = (await f.human<Received>('message.history', { agent: 'claude-1' })).messages;
      expect(message).toMatchObject({ state: 'acked', pane: { state: 'submitted', attempts: 1 } });
      expect(f.ofType('message.delivery_failed')).toEqual([]);
    });
  }

  it("a spawn's first task to a CLI that reads its Enter 3 s late: one Enter, reported submitted, not failed", async () => {
    const { fake, f } = starvedCli(3_000);
    const claude = await f.spawn('claude-2', { kind: 'claude', task: 'fix the build' });
    await claude.call('agent.whoami', {}); // its MCP client has Switchboard's tools
    await f.drive(() =>
      f.events.some((e) => e.type.startsWith('agent.task_') && e.type !== 'agent.task_held'),
    );
    await f.drive(() => false, 50, 200);
    expect(enters(fake, claude.paneId)).toBe(1);
    expect(fake.submitted.map((s) => s.line)).toEqual(['fix the build']);
    expect(fake.answered).toEqual([]);
    expect(f.ofType('agent.task_submitted')).toEqual([expect.objectContaining({ attempts: 1 })]);
    expect(f.ofType('agent.task_failed')).toEqual([]);
  });

  it('a CLI that drops its first Enter: pressed once more after the window, submitted', async () => {
    const fake = fakeCliBackend({ swallow: 1 });
    const f = messagingFixture({ backend: fake.backend });
    const agent = await f.spawn('claude-3', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'claude-3' }, body: 'hello' });
    await f.drive(() => enters(fake, agent.paneId) > 0);
    const firstAt = f.clock.now();
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(enters(fake, agent.paneId)).toBe(2);
    expect(f.clock.now() - firstAt).toBeGreaterThanOrEqual(7_500); // not before the whole window passed
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-3' })).messages;
    expect(message!.pane).toEqual({ state: 'submitted', attempts: 2, reason: null });
  });

  it('a CLI that never shows the submission: two presses at most, then unconfirmed (not failed), never typed again', async () => {
    const { fake, f, agent, messageId } = await deafCli('claude-4', 'stuck?');
    await f.drive(() => false, 50, 1_000); // 50 s: two 7.5 s windows and the 30 s late watch
    expect(enters(fake, agent.paneId)).toBe(2);
    expect(fake.keys.filter((k) => k.text.includes('stuck?'))).toHaveLength(1);
    expect(f.ofType('message.delivery_failed')).toEqual([]);
    const inbox = await agent.call<Received>('message.receive', {});
    expect(inbox.messages.map((m) => [m.id, m.pane.state, m.pane.attempts])).toEqual([
      [messageId, 'unconfirmed', 2],
    ]);
    expect(inbox.messages[0]!.pane.reason).toMatch(/^unconfirmed: the submit key was pressed twice/);
  });

  it('no second press when the screen moved after the Enter (the CLI may have taken it)', async () => {
    const { fake, f, agent } = await deafCli('claude-5', 'are you there');
    await f.drive(() => enters(fake, agent.paneId) > 0);
    fake.set(agent.paneId, 'busy'); // its turn began, the input still shows the text
    await f.drive(() => false, 50, 800);
    expect(enters(fake, agent.paneId)).toBe(1);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-5' })).messages;
    expect(message!.pane).toMatchObject({ state: 'unconfirmed', attempts: 1 });
    expect(message!.pane.reason).toContain('the screen changed');
  });

  it('no second press while the human types in the pane (the gate is asked in the step that would write it)', async () => {
    const { fake, f, agent } = await deafCli('claude-6', 'ping');
    await f.drive(() => enters(fake, agent.paneId) > 0);
    await f.drive(() => false, 50, 140); // 7 s of the 7.5 s window
    fake.personTyped(agent.paneId); // the screen stays as it was; the human's quiet period runs
    await f.drive(() => false, 50, 800);
    expect(enters(fake, agent.paneId)).toBe(1);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-6' })).messages;
    expect(message!.pane).toMatchObject({ state: 'unconfirmed', attempts: 1 });
    expect(message!.pane.reason).toMatch(/not pressed again: The human is typing/);
  });

  it('a CLI that reads its Enter after the window, with no re-press: still submitted (watched late, nothing pressed)', async () => {
    const clock = new FakeClock();
    const fake = fakeCliBackend({ lateEnter: { clock, ms: 20_000 }, promptAfterSubmit: true });
    const f = messagingFixture({ clock, backend: fake.backend, messaging: { pane: { rePress: false } } });
    const claude = await f.spawn('claude-7', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'claude-7' }, body: 'slow one' });
    await f.drive(() => f.ofType('message.acked').length > 0, 50, 1_000);
    expect(enters(fake, claude.paneId)).toBe(1);
    expect(fake.answered).toEqual([]);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-7' })).messages;
    expect(message).toMatchObject({ state: 'acked', pane: { state: 'submitted', attempts: 1 } });
  });

  it('a first task whose submission is never seen: agent.task_unconfirmed and an attention item, not agent.task_failed', async () => {
    const fake = fakeCliBackend({ swallow: Infinity });
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-8', { kind: 'claude', task: 'fix the build' });
    await claude.call('agent.whoami', {});
    await f.drive(() => f.ofType('agent.task_unconfirmed').length > 0, 50, 1_200);
    expect(enters(fake, claude.paneId)).toBe(2);
    expect(f.ofType('agent.task_unconfirmed')).toEqual([
      expect.objectContaining({
        agentId: claude.id,
        attempts: 2,
        reason: expect.stringMatching(/^unconfirmed/),
      }),
    ]);
    expect(f.ofType('agent.task_failed')).toEqual([]);
    const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
    expect(items.map((i) => [i.kind, i.agentId, i.title])).toEqual([
      ['error', claude.id, 'claude-8: its first task was typed, its submission not seen'],
    ]);
  });

  it('a CLI slow to show a paste gets its Enter once the text shows (an Enter inside the paste is lost): one press', async () => {
    const clock = new FakeClock();
    const fake = fakeCliBackend({ lateEcho: { clock, ms: 1_500 } });
    const f = messagingFixture({ clock, backend: fake.backend });
    const claude = await f.spawn('claude-9', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'claude-9' }, body: 'slow paste' });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(enters(fake, claude.paneId)).toBe(1);
    expect(fake.submitted.map((s) => s.line)).toEqual([expect.stringContaining('slow paste')]);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-9' })).messages;
    expect(message!.pane).toEqual({ state: 'submitted', attempts: 1, reason: null });
  });
});
