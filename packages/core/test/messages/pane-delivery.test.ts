import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { looksSubmitted, paneLine } from '../../src/index';
import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

type Received = { messages: Message[] };
type Sent = { messageIds: string[] };

describe('messaging: typing into panes with a confirmed submit', () => {
  it('types into an idle CLI that does not use the endpoint, confirms the submit, counts it as delivered and acknowledged', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-1', { kind: 'claude' });
    const { messageIds } = await f.human<Sent>('message.send', {
      kind: 'instruction',
      to: { agent: 'claude-1' },
      body: 'run the tests\nthen report',
    });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(fake.submitted).toEqual([
      {
        paneId: claude.paneId,
        line: `[switchboard instruction from human · ${messageIds[0]}] run the tests ⏎ then report`,
      },
    ]);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-1' })).messages;
    expect(message).toMatchObject({
      state: 'acked',
      pane: { state: 'submitted', attempts: 1, reason: null },
    });
    expect(f.ofType('message.delivered')).toEqual([
      expect.objectContaining({ via: 'pane', recipientId: claude.id }),
    ]);
  });

  it('never types into a shell: a sender\'s "always" does not override the owner; the owner\'s "shell" frames it as a no-op', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const shell = await f.spawn('sh-1');
    fake.shell(shell.paneId);
    await f.human('message.send', {
      to: { agent: 'sh-1' },
      body: 'inbox only; touch pwned',
      typeIntoPane: 'always',
    });
    await f.drive(() => false, 50, 20);
    expect(fake.keys).toEqual([]);
    expect(
      (await f.human<Received>('message.peek', { agent: 'sh-1' })).messages.map((m) => m.pane.state),
    ).toEqual(['none']);
    await f.human('message.setPaneInput', { agent: 'sh-1', mode: 'shell' });
    await f.human('message.send', {
      to: { agent: 'sh-1' },
      body: "it's $(touch pwned); `rm -rf x` \\' done",
    });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(fake.ran).toHaveLength(1);
    expect(fake.ran[0]!.line).toMatch(
      /^: '\[switchboard notification from human · msg-[^']*\] it’s \$\(touch pwned\); `rm -rf x` ⧵’ done'$/,
    );
  });

  it('waits while the CLI is busy or shows a permission prompt (reason in message.status), types once it is idle, never answering the prompt', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-5', { kind: 'claude' });
    fake.set(claude.paneId, 'prompt');
    await f.human('message.send', { to: { agent: 'claude-5' }, body: '1' });
    await f.drive(() => false, 50, 40);
    expect(fake.keys).toEqual([]);
    const { inboxes } = await f.human<{ inboxes: { pane: { waiting: number; reason: string | null } }[] }>(
      'message.status',
      { agent: 'claude-5' },
    );
    expect(inboxes[0]!.pane).toMatchObject({
      waiting: 1,
      reason: expect.stringContaining('permission prompt'),
    });
    // The person answers the prompt in the terminal (a prompt gone without that keeps holding the pane).
    fake.personTyped(claude.paneId);
    fake.set(claude.paneId, 'busy');
    await f.drive(() => false, 50, 40);
    expect(fake.keys).toEqual([]);
    fake.set(claude.paneId, 'idle');
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(fake.answered).toEqual([]);
    expect(fake.submitted.map((s) => s.line.split('] ')[1])).toEqual(['1']);
  });

  it('an agent on the endpoint gets one short "messages wait" line, the texts stay in its inbox unacknowledged, received once', async () => {
    const fake = fakeCliBackend({ busyAfterSubmit: true });
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-6', { kind: 'claude' });
    const lead = await f.spawn('lead');
    await claude.call('message.status', {}); // a call with its own token: it uses the endpoint
    fake.set(claude.paneId, 'busy');
    await lead.call('message.send', {
      kind: 'instruction',
      to: { agent: 'claude-6' },
      body: 'secret plan A',
    });
    await lead.call('message.send', {
      kind: 'instruction',
      to: { agent: 'claude-6' },
      body: 'secret plan B',
    });
    await f.human('message.send', { kind: 'request', to: { agent: 'claude-6' }, body: 'status?' });
    await f.drive(() => false, 50, 20);
    expect(fake.keys).toEqual([]);
    fake.set(claude.paneId, 'idle');
    await f.drive(() => fake.submitted.length > 0);
    await f.drive(() => false, 50, 20);
    expect(fake.submitted.map((s) => s.line)).toEqual([
      '[switchboard] 3 messages wait in your inbox (2× instruction from lead, request from human): read with message_receive, then message_ack',
    ]);
    expect(f.ofType('message.acked')).toEqual([]);
    const received = await claude.call<Received>('message.receive', {});
    expect(received.messages.map((m) => [m.body, m.pane.state])).toEqual([
      ['secret plan A', 'notified'],
      ['secret plan B', 'notified'],
      ['status?', 'notified'],
    ]);
    await claude.call('message.ack', { messageIds: received.messages.map((m) => m.id) });
    expect((await claude.call<Received>('message.receive', {})).messages).toEqual([]);
  });

  it("types once the screen catches up with a hook that called the agent idle first (Claude Code's Stop hook comes before the redraw)", async () => {
    const fake = fakeCliBackend({ busyAfterSubmit: true });
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-9', { kind: 'claude' });
    const lead = await f.spawn('lead');
    await claude.call('message.status', {}); // on the endpoint: it gets the "messages wait" line
    fake.set(claude.paneId, 'busy');
    await f.drive(() => f.ofType('health.state_changed').some((e) => e.health.state === 'working'));
    await lead.call('message.send', { kind: 'instruction', to: { agent: 'claude-9' }, body: 'next step' });
    // The Stop hook: idle at once, while the screen still shows the turn's "esc to interrupt".
    await claude.call('health.reportHook', { event: 'Stop' });
    await f.drive(() => false, 50, 20);
    expect(fake.submitted).toEqual([]);
    // The redraw comes later and brings no health change of its own (health already says idle).
    const changes = f.ofType('health.state_changed').length;
    fake.set(claude.paneId, 'idle');
    await f.drive(() => fake.submitted.length > 0);
    expect(f.ofType('health.state_changed')).toHaveLength(changes);
    expect(fake.submitted.map((s) => s.line)).toEqual([
      '[switchboard] 1 message waits in your inbox (instruction from lead): read with message_receive, then message_ack',
    ]);
  });

  // Pressing again, and what a copy becomes when no press is confirmed: pane-submit-once.test.ts.

  it("takes a hook's word for it when the screen cannot tell (Claude Code's UserPromptSubmit, reported by the agent)", async () => {
    const fake = fakeCliBackend({ swallow: Infinity });
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-2', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'claude-2' }, body: 'quiet TUI' });
    await f.drive(() => fake.keys.some((k) => k.text === '\r'), 50, 40);
    await claude.call('health.reportHook', { event: 'PreToolUse', toolName: 'Bash' });
    expect(f.ofType('message.acked')).toHaveLength(0); // another hook confirms nothing
    await claude.call('health.reportHook', { event: 'UserPromptSubmit' });
    await f.drive(() => f.ofType('message.acked').length > 0);
    const [message] = (await f.human<Received>('message.history', { agent: 'claude-2' })).messages;
    expect(message!.pane).toMatchObject({ state: 'submitted', attempts: 1 });
  });

  it('types one message at a time into a pane, in order, each once the CLI is idle again', async () => {
    const fake = fakeCliBackend({ busyAfterSubmit: true });
    const f = messagingFixture({ backend: fake.backend });
    const claude = await f.spawn('claude-3', { kind: 'claude' });
    for (const body of ['first', 'second', 'third'])
      await f.human('message.send', { to: { agent: 'claude-3' }, body });
    for (let turn = 1; turn <= 3; turn++) {
      await f.drive(() => fake.submitted.length === turn);
      await f.drive(() => false, 50, 10);
      expect(fake.submitted).toHaveLength(turn); // busy: the next one waits
      fake.set(claude.paneId, 'idle');
    }
    expect(fake.submitted.map((s) => s.line.split('] ')[1])).toEqual(['first', 'second', 'third']);
  });

  it('types a handoff only after it is approved, and tells the sender the decision', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    await f.spawn('claude-4', { kind: 'claude' });
    const lead = await f.spawn('lead-2');
    const sent = await lead.call<Sent & { handoffApprovals: { messageId: string; approvalId: string }[] }>(
      'message.send',
      { kind: 'handoff', to: { agent: 'claude-4' }, body: 'take over' },
    );
    expect(sent.handoffApprovals).toEqual([
      { messageId: sent.messageIds[0], approvalId: expect.stringMatching(/^appr/) },
    ]);
    await f.drive(() => false, 50, 20);
    expect(fake.keys).toEqual([]);
    await f.human('approval.decide', {
      decisions: [{ id: sent.handoffApprovals[0]!.approvalId, verdict: 'approve' }],
    });
    await f.drive(() => f.ofType('message.acked').length > 0);
    expect(fake.submitted.map((s) => s.line)).toEqual([expect.stringContaining('take over')]);
    const told = await lead.call<Received>('message.receive', {});
    expect(told.messages.map((m) => [m.kind, m.replyTo, m.body])).toEqual([
      ['reply', sent.messageIds[0], expect.stringMatching(/approved and delivered by human/)],
    ]);
  });
});

describe('pane typing helpers', () => {
  const screen = (lines: string[], y = lines.length - 1) => ({
    lines,
    cursor: { x: (lines[y] ?? '').length, y },
  });
  it('sees a submit when the input line lost the typed text, not while it still shows it', () => {
    const typed = screen(['$ hello world']);
    expect(looksSubmitted(typed, screen(['$ hello world']), 'hello world')).toBe(false);
    expect(looksSubmitted(typed, screen(['$ hello world', 'ok', '$ ']), 'hello world')).toBe(true);
    expect(looksSubmitted(typed, screen(['$ ']), 'hello world')).toBe(true);
    expect(looksSubmitted(screen(['> ']), screen(['> ']), 'not echoed')).toBe(false);
    expect(looksSubmitted(screen(['> ']), screen(['> ', 'working…']), 'not echoed')).toBe(true);
  });

  it('puts a message on one line without control characters, shortened with a pointer to the full text', () => {
    expect(
      paneLine({ id: 'm1', kind: 'request', priority: 'urgent', body: 'a\r\nb\u001b[31m\u0007c' }, 'lead'),
    ).toBe('[switchboard request urgent from lead · m1] a ⏎ b [31m c');
    const long = paneLine(
      { id: 'm2', kind: 'event', priority: 'normal', body: 'x'.repeat(5_000) },
      'lead',
      200,
    );
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toContain('(full text: message_receive)');
  });
});
