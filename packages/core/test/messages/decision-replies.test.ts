import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { messagingFixture } from './messaging-fixture';

interface Received {
  messages: Message[];
}
interface Requested {
  approval: { id: string } | null;
}

// Found by use (session 26): three Claude Code agents against a scripted model; one asked the human "Deploy the
// login form to staging?" (approval_request, waitMs 0) and another asked for a lock the first held. The person
// decided both in the approval queue; neither agent was told (only the approval.decided event said it, which no
// CLI shows its model), and the holder went on with a lock it no longer had.
describe('an agent that asked a person is told the decision', () => {
  it('the asker of an escalation gets the outcome, choice and comment as a reply in its inbox', async () => {
    const f = messagingFixture();
    const asker = await f.spawn('asker');
    const asked = await asker.call<Requested>('approval.request', {
      kind: 'escalation',
      summary: 'Deploy the login form to staging?',
      choices: ['deploy', 'wait'],
    });
    await f.human('approval.decide', {
      decisions: [{ id: asked.approval!.id, verdict: 'approve', choice: 'deploy', comment: 'go ahead' }],
    });
    const told = await asker.call<Received>('message.receive', {});
    expect(told.messages.map((m) => [m.kind, m.senderId, m.correlationId, m.body])).toEqual([
      [
        'reply',
        'human',
        asked.approval!.id,
        `Your question "Deploy the login form to staging?" (${asked.approval!.id}) was approved ("deploy") by human: go ahead`,
      ],
    ]);
  });

  it('a lock request handed over tells the requester it holds the lock and the holder that it does not', async () => {
    const f = messagingFixture();
    const holder = await f.spawn('holder');
    const asker = await f.spawn('asker');
    await holder.call('lock.acquire', { resource: { kind: 'file', name: 'src/login/**' } });
    const asked = await asker.call<Requested>('lock.request', {
      resource: { kind: 'file', name: 'src/login/**' },
      reason: 'fix two nits',
    });
    await f.human('approval.decide', { decisions: [{ id: asked.approval!.id, verdict: 'approve' }] });
    const toAsker = (await asker.call<Received>('message.receive', {})).messages;
    expect(toAsker.map((m) => [m.kind, m.body])).toEqual([
      [
        'reply',
        expect.stringMatching(
          /^Your lock request for file:src\/login\/\*\* \(approval-\S+\) was approved by human\.$/,
        ),
      ],
    ]);
    const toHolder = (await holder.call<Received>('message.receive', {})).messages;
    expect(toHolder.map((m) => [m.kind, m.body])).toEqual([
      [
        'notification',
        expect.stringMatching(/^Your lock on file:src\/login\/\*\* was handed over .*no longer hold it/),
      ],
    ]);
  });

  it('a denied request tells the asker only; an escalation raised about an agent by recovery tells it nothing', async () => {
    const f = messagingFixture();
    const holder = await f.spawn('holder');
    const asker = await f.spawn('asker');
    await holder.call('lock.acquire', { resource: { kind: 'branch', name: 'main' } });
    const asked = await asker.call<Requested>('lock.request', { resource: { kind: 'branch', name: 'main' } });
    await f.human('approval.decide', { decisions: [{ id: asked.approval!.id, verdict: 'deny' }] });
    expect((await asker.call<Received>('message.receive', {})).messages.map((m) => m.body)).toEqual([
      expect.stringMatching(/was denied by human\.$/),
    ]);
    expect((await holder.call<Received>('message.receive', {})).messages).toEqual([]);
    // Recovery raises its escalation as the agent, naming it in the payload (recovery-steps.ts).
    const about = f.orchestrator.approvals.raise(
      { kind: 'agent', id: holder.id },
      {
        kind: 'escalation',
        summary: 'holder is hung',
        payload: { agentId: holder.id },
        choices: ['retry recovery'],
        expiresInMs: 60_000,
        onExpiry: 'deny',
      },
    );
    await f.human('approval.decide', { decisions: [{ id: about.id, verdict: 'approve' }] });
    expect((await holder.call<Received>('message.receive', {})).messages).toEqual([]);
  });
});
