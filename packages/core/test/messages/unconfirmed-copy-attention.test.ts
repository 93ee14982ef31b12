// A message copy typed into its recipient's pane whose submission was never seen is `unconfirmed`: Switchboard
// does not press Enter again, so the person is asked to look (an attention item, as for a first task), and the
// item goes when the copy is submitted after all (a late hook) or acknowledged.
import { describe, expect, it } from 'vitest';
import type { AttentionItem } from '@switchboard/protocol';
import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

/** A CLI that never shows a submission (every Enter is lost), with one agent and a message typed into it. */
async function unconfirmedCopy(name: string) {
  const fake = fakeCliBackend({ swallow: Infinity });
  const f = messagingFixture({ backend: fake.backend });
  const agent = await f.spawn(name, { kind: 'claude' });
  const { messageIds } = await f.human<{ messageIds: string[] }>('message.send', {
    to: { agent: name },
    body: 'are you there',
  });
  await f.drive(() => f.ofType('message.pane_unconfirmed').length > 0, 50, 1_200);
  return { f, agent, messageId: messageIds[0]! };
}

async function openItems(f: ReturnType<typeof messagingFixture>) {
  const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
  return items.map((i) => [i.kind, i.severity, i.agentId, i.title]);
}

describe('an unconfirmed message copy asks the person to look at the pane', () => {
  it('raises an item of its own (kind error, warning) naming the message, saying to press Enter there', async () => {
    const { f, agent, messageId } = await unconfirmedCopy('copy-1');
    expect(f.ofType('message.pane_unconfirmed')).toEqual([
      expect.objectContaining({ messageId, recipientId: agent.id, attempts: 2 }),
    ]);
    expect(await openItems(f)).toEqual([
      ['error', 'warning', agent.id, `copy-1: message ${messageId} was typed, its submission not seen`],
    ]);
    const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
    expect(items[0]!.body).toMatch(/press Enter there yourself \(Switchboard does not press it again/);
  });

  it('closes when the copy is acknowledged', async () => {
    const { f, agent, messageId } = await unconfirmedCopy('copy-2');
    await agent.call('message.ack', { messageIds: [messageId] });
    expect(await openItems(f)).toEqual([]);
  });

  it("its acknowledgement closes its own item only, not the prompt's answer that did not take (no longer folded into one)", async () => {
    const fake = fakeCliBackend({ swallow: Infinity });
    const f = messagingFixture({ backend: fake.backend });
    const agent = await f.spawn('copy-5', { kind: 'claude' });
    f.orchestrator.attention.notify({
      kind: 'error',
      severity: 'critical',
      agentId: agent.id,
      title: 'copy-5: the prompt did not take the answer',
      body: 'answer it in the pane',
      approvalId: null,
      about: 'prompt-answer',
    });
    const { messageIds } = await f.human<{ messageIds: string[] }>('message.send', {
      to: { agent: 'copy-5' },
      body: 'are you there',
    });
    await f.drive(() => f.ofType('message.pane_unconfirmed').length > 0, 50, 1_200);
    // One open item per agent, kind and what it is about: the copy's is its own, the prompt's keeps its title.
    expect((await openItems(f)).map(([kind, severity, , title]) => [kind, severity, title]).sort()).toEqual([
      ['error', 'critical', 'copy-5: the prompt did not take the answer'],
      ['error', 'warning', `copy-5: message ${messageIds[0]} was typed, its submission not seen`],
    ]);
    await agent.call('message.ack', { messageIds });
    const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
    expect(items.map((i) => [i.kind, i.severity, i.occurrences, i.title])).toEqual([
      ['error', 'critical', 1, 'copy-5: the prompt did not take the answer'],
    ]);
  });

  it("stays when another of the agent's messages is acknowledged", async () => {
    const { f, agent } = await unconfirmedCopy('copy-3');
    const { messageIds } = await f.human<{ messageIds: string[] }>('message.send', {
      to: { agent: 'copy-3' },
      body: 'and this one',
    });
    await agent.call('message.ack', { messageIds });
    expect(f.ofType('message.acked')).toEqual([
      expect.objectContaining({ recipientId: agent.id, messageIds }),
    ]);
    expect(await openItems(f)).toHaveLength(1);
  });

  it('closes when a late UserPromptSubmit hook says the copy was submitted', async () => {
    const { f, agent } = await unconfirmedCopy('copy-4');
    await agent.call('health.reportHook', { event: 'UserPromptSubmit' });
    expect(f.ofType('message.acked')).toEqual([expect.objectContaining({ recipientId: agent.id })]);
    expect(await openItems(f)).toEqual([]);
  });
});
