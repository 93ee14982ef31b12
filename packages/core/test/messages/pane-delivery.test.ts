import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { createMemoryBackend, looksSubmitted, paneLine, type TerminalBackend } from '../../src/index';
import { messagingFixture } from './messaging-fixture';

/**
 * A memory backend whose programs misbehave at the submit key: `swallow` Enter presses per pane are
 * ignored (the text stays on the input line), `Infinity` never submits; `echo: false` shows nothing typed.
 */
function fussyBackend(options: { swallow: number; echo?: boolean }) {
  const inner = createMemoryBackend();
  const swallowed = new Map<string, number>();
  const keys: { paneId: string; text: string }[] = [];
  const backend: TerminalBackend = {
    ...inner,
    async sendText(paneId, text) {
      keys.push({ paneId, text });
      if (text === '\r') {
        const count = swallowed.get(paneId) ?? 0;
        if (count < options.swallow) {
          swallowed.set(paneId, count + 1);
          return;
        }
      }
      if (options.echo === false) return;
      await inner.sendText(paneId, text);
    },
  };
  return { backend, keys };
}

type Received = { messages: Message[] };

describe('messaging: typing into panes with a confirmed submit', () => {
  it('types into a pane-reading agent, confirms the submit, counts it as delivered and acknowledged', async () => {
    const f = messagingFixture();
    const claude = await f.spawn('claude-1', { kind: 'claude' });
    const { messageIds } = (await f.human('message.send', { kind: 'instruction', to: { agent: 'claude-1' }, body: 'run the tests\nthen report' })) as { messageIds: string[] };
    await f.drive(() => f.ofType('message.acked').length > 0);
    const screen = await f.backend.readScreen(claude.paneId);
    expect(screen.lines[0]).toBe(`[switchboard instruction from human · ${messageIds[0]}] run the tests ⏎ then report`);
    expect(screen.cursor.y).toBe(1);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-1' })).messages;
    expect(message).toMatchObject({ state: 'acked', pane: { state: 'submitted', attempts: 1, reason: null } });
    expect(f.ofType('message.delivered')).toEqual([expect.objectContaining({ via: 'pane', recipientId: claude.id })]);
    expect((await claude.call<Received>('message.receive', {})).messages).toEqual([]);
  });

  it('does not type into agents that do not read their terminal unless asked', async () => {
    const f = messagingFixture();
    const shell = await f.spawn('sh-1');
    await f.human('message.send', { to: { agent: 'sh-1' }, body: 'inbox only' });
    await f.drive(() => false, 50, 20);
    expect((await f.backend.readScreen(shell.paneId)).lines).toEqual([]);
    await f.human('message.send', { to: { agent: 'sh-1' }, body: 'typed too', typeIntoPane: 'always' });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect((await f.backend.readScreen(shell.paneId)).lines[0]).toContain('typed too');
  });

  it('presses the submit key again when the program swallowed the first one, and records the attempts', async () => {
    const { backend, keys } = fussyBackend({ swallow: 1 });
    const f = messagingFixture({ backend });
    const agent = await f.spawn('codex-1', { kind: 'codex' });
    await f.human('message.send', { to: { agent: 'codex-1' }, body: 'hello' });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(keys.filter((k) => k.paneId === agent.paneId && k.text === '\r')).toHaveLength(2);
    const [message] = (await f.human<Received>('message.history', { agent: 'codex-1' })).messages;
    expect(message!.pane).toEqual({ state: 'submitted', attempts: 2, reason: null });
  });

  it('gives up after a bounded number of presses: failed with a reason, an event, and the message still in the inbox', async () => {
    const { backend, keys } = fussyBackend({ swallow: Infinity });
    const f = messagingFixture({ backend, messaging: { pane: { maxSubmitAttempts: 4 } } });
    const agent = await f.spawn('gemini-1', { kind: 'gemini' });
    const { messageIds } = (await f.human('message.send', { to: { agent: 'gemini-1' }, body: 'stuck?' })) as { messageIds: string[] };
    await f.drive(() => f.ofType('message.delivery_failed').length > 0);
    expect(keys.filter((k) => k.text === '\r')).toHaveLength(4);
    expect(f.ofType('message.delivery_failed')).toEqual([
      expect.objectContaining({ messageId: messageIds[0], recipientId: agent.id, attempts: 4, reason: expect.stringContaining('not submitted') }),
    ]);
    const inbox = await agent.call<Received>('message.receive', {});
    expect(inbox.messages.map((m) => [m.id, m.pane.state])).toEqual([[messageIds[0], 'failed']]);
  });

  it('takes a hook\'s word for it when the screen cannot tell (Claude Code\'s UserPromptSubmit, reported by the agent)', async () => {
    const { backend } = fussyBackend({ swallow: 0, echo: false });
    const f = messagingFixture({ backend });
    const claude = await f.spawn('claude-2', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'claude-2' }, body: 'quiet TUI' });
    await f.drive(() => false, 50, 6); // typed, settled, first submit pressed
    await claude.call('health.reportHook', { event: 'PreToolUse', toolName: 'Bash' });
    expect(f.ofType('message.acked')).toHaveLength(0); // another hook confirms nothing
    await claude.call('health.reportHook', { event: 'UserPromptSubmit' });
    await f.drive(() => f.ofType('message.acked').length > 0);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-2' })).messages;
    expect(message!.pane).toMatchObject({ state: 'submitted', attempts: 1 });
  });

  it('types one message at a time into a pane, in order', async () => {
    const f = messagingFixture();
    const claude = await f.spawn('claude-3', { kind: 'claude' });
    for (const body of ['first', 'second', 'third']) await f.human('message.send', { to: { agent: 'claude-3' }, body });
    await f.drive(() => f.ofType('message.acked').length >= 3);
    const lines = (await f.backend.readScreen(claude.paneId)).lines.filter(Boolean);
    expect(lines.map((l) => l.split('] ')[1])).toEqual(['first', 'second', 'third']);
  });

  it('types a handoff only after it is approved', async () => {
    const f = messagingFixture();
    const claude = await f.spawn('claude-4', { kind: 'claude' });
    const { messageIds } = (await f.human('message.send', { kind: 'handoff', to: { agent: 'claude-4' }, body: 'take over' })) as { messageIds: string[] };
    await f.drive(() => false, 50, 20);
    expect((await f.backend.readScreen(claude.paneId)).lines).toEqual([]);
    await f.human('message.decide', { message: messageIds[0], approve: true });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect((await f.backend.readScreen(claude.paneId)).lines[0]).toContain('take over');
  });
});

describe('pane typing helpers', () => {
  const screen = (lines: string[], y = lines.length - 1) => ({ lines, cursor: { x: (lines[y] ?? '').length, y } });
  it('sees a submit when the input line lost the typed text, not while it still shows it', () => {
    const typed = screen(['$ hello world']);
    expect(looksSubmitted(typed, screen(['$ hello world']), 'hello world')).toBe(false);
    expect(looksSubmitted(typed, screen(['$ hello world', 'ok', '$ ']), 'hello world')).toBe(true);
    expect(looksSubmitted(typed, screen(['$ ']), 'hello world')).toBe(true);
    expect(looksSubmitted(screen(['> ']), screen(['> ']), 'not echoed')).toBe(false);
    expect(looksSubmitted(screen(['> ']), screen(['> ', 'working…']), 'not echoed')).toBe(true);
  });

  it('puts a message on one line without control characters, shortened with a pointer to the full text', () => {
    expect(paneLine({ id: 'm1', kind: 'request', priority: 'urgent', body: 'a\r\nb\u001b[31m\u0007c' }, 'lead')).toBe('[switchboard request urgent from lead · m1] a ⏎ b [31m c');
    const long = paneLine({ id: 'm2', kind: 'event', priority: 'normal', body: 'x'.repeat(5_000) }, 'lead', 200);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toContain('(full text: message_receive)');
  });
});
