// A lease taken on a pane while a message is being typed into it (after the text, before the submit key):
// the submit waits for the lease to end instead of failing, so the typed text is never left at the prompt
// (where it kept every later copy for that pane waiting for good: the shell detector sees no bare prompt).
import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

type History = { messages: Message[] };

describe('messaging: a lease taken on a pane in the middle of typing a message', () => {
  it('holds the submit key until the lease ends, then submits; later copies are typed too', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const shell = await f.spawn('sh-1');
    const sender = await f.spawn('sender');
    const holder = await f.spawn('holder', { role: 'orchestrator' });
    fake.shell(shell.paneId);
    await f.human('message.setPaneInput', { agent: 'sh-1', mode: 'shell' });
    // The holder takes a lease on the pane right after the first text lands, before its submit key.
    let lease: string | undefined;
    const typeText = fake.backend.sendText.bind(fake.backend);
    fake.backend.sendText = async (paneId, text) => {
      await typeText(paneId, text);
      if (lease === undefined && text.includes('[switchboard')) {
        lease = 'taking';
        const acquired = await holder.call<{ id: string }>('lock.acquire', {
          resource: { kind: 'pane', name: paneId },
          ttlMs: 600_000,
        });
        lease = acquired.id;
      }
    };
    await sender.call('message.send', { to: { agent: 'sh-1' }, body: 'first' });
    await f.drive(() => false, 50, 40);
    // While the lease holds, nothing is submitted; the copy is `held` by the gate and says why.
    expect(fake.ran).toEqual([]);
    const held = (await f.human<History>('message.history', { agent: 'sh-1' })).messages[0]!;
    expect(held.pane.state).toBe('held');
    expect(held.pane.reason).toMatch(/lease|locked|holds/i);
    await holder.call('lock.release', { lockId: lease });
    await sender.call('message.send', { to: { agent: 'sh-1' }, body: 'second' });
    await f.drive(() => f.ofType('message.acked').length >= 2);
    expect(fake.ran.map((r) => r.line.split('] ')[1])).toEqual(["first'", "second'"]);
    const states = (await f.human<History>('message.history', { agent: 'sh-1' })).messages.map(
      (m) => m.pane.state,
    );
    expect(states).toEqual(['submitted', 'submitted']);
  });

  it('a copy refused for a lease does not stop the copies after it: those the lease allows are typed', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const shell = await f.spawn('sh-2');
    const sender = await f.spawn('sender');
    const holder = await f.spawn('holder', { role: 'orchestrator' });
    fake.shell(shell.paneId);
    await f.human('message.setPaneInput', { agent: 'sh-2', mode: 'shell' });
    const { id: lockId } = await holder.call<{ id: string }>('lock.acquire', {
      resource: { kind: 'pane', name: shell.paneId },
      ttlMs: 600_000,
    });
    // Something half-typed at the prompt: the copies wait for a bare prompt.
    await fake.backend.sendText(shell.paneId, 'ls');
    await sender.call('message.send', { to: { agent: 'sh-2' }, body: 's1' });
    await sender.call('message.send', { to: { agent: 'sh-2' }, body: 's2' });
    await holder.call('message.send', { to: { agent: 'sh-2' }, body: 'h1' });
    await f.drive(() => false, 50, 20);
    expect(fake.ran).toEqual([]);
    await fake.backend.sendText(shell.paneId, '\r');
    // The next copy kicks the delivery: the sender's two are refused (nothing typed), the holder's typed.
    await holder.call('message.send', { to: { agent: 'sh-2' }, body: 'h2' });
    await f.drive(() => f.ofType('message.acked').length >= 2);
    expect(fake.ran.map((r) => r.line.split('] ')[1] ?? r.line)).toEqual(['ls', "h1'", "h2'"]);
    const byBody = Object.fromEntries(
      (await f.human<History>('message.history', { agent: 'sh-2' })).messages.map((m) => [
        m.body,
        m.pane.state,
      ]),
    );
    expect(byBody).toEqual({ s1: 'failed', s2: 'failed', h1: 'submitted', h2: 'submitted' });
    await holder.call('lock.release', { lockId });
  });
});
