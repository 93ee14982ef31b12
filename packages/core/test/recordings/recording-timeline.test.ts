import type { CommandOutput } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { recordedWorld } from './recorded-world';

type Timeline = CommandOutput<'recording.timeline'>;

describe('the replay timeline', () => {
  it('shows a handoff as received only once it is let through: not while held, never when denied', async () => {
    const world = recordedWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const send = (body: string) =>
      world.orchestrator.invoke({ kind: 'agent', id: alice.id }, 'message.send', {
        kind: 'handoff',
        to: { agent: 'bob' },
        body,
      });
    await send('take the release notes');
    await send('take prod down');
    const received = async () =>
      (await world.human<Timeline>('recording.timeline', { agents: [bob.id] })).events
        .filter((event) => event.kind === 'message.in')
        .map((event) => event.summary);
    const sent = async () =>
      (await world.human<Timeline>('recording.timeline', { agents: [alice.id] })).events.filter(
        (event) => event.kind === 'message.out',
      );
    expect(await received()).toEqual([]);
    expect(await sent()).toHaveLength(2);

    const { approvals } = await world.human<CommandOutput<'approval.list'>>('approval.list', {
      kind: 'handoff',
    });
    await world.human('approval.decide', {
      decisions: [
        { id: approvals[0]!.id, verdict: 'approve' },
        { id: approvals[1]!.id, verdict: 'deny' },
      ],
    });
    expect(await received()).toEqual(['from alice · handoff: take the release notes']);
    expect(await sent()).toHaveLength(2);
    await world.orchestrator.close();
  });

  it('says what was decided in words (verdict, the answer chosen, the comment), and a message sent before it is received', async () => {
    const world = recordedWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const as = (name: string, input: unknown) =>
      world.orchestrator.invoke({ kind: 'agent', id: alice.id }, name, input);
    await as('message.send', { to: { agent: 'bob' }, body: 'the schema is ready' });
    await as('approval.request', { kind: 'escalation', summary: 'Deploy?', choices: ['staging', 'prod'] });
    await as('approval.request', { kind: 'escalation', summary: 'Drop the table?' });
    const { approvals } = await world.human<CommandOutput<'approval.list'>>('approval.list', {});
    await world.human('approval.decide', {
      decisions: [
        { id: approvals[0]!.id, verdict: 'approve', choice: 'staging' },
        { id: approvals[1]!.id, verdict: 'deny', comment: 'not today' },
      ],
    });
    const { events } = await world.human<Timeline>('recording.timeline', { agents: [alice.id, bob.id] });
    expect(events.filter((e) => e.kind === 'approval.decided').map((e) => e.summary)).toEqual([
      'approved (staging): Deploy?',
      'denied: Drop the table? · "not today"',
    ]);
    // Sent and received in the same millisecond: the sending comes first. Then alice is told both decisions.
    const kinds = events.map((e) => e.kind).filter((kind) => kind.startsWith('message.'));
    expect(kinds).toEqual(['message.out', 'message.in', 'message.in', 'message.in']);
    await world.orchestrator.close();
  });

  it('says why an item was withdrawn (the handoff recipient closed)', async () => {
    const world = recordedWorld();
    const alice = await world.spawn('alice');
    await world.spawn('bob');
    await world.orchestrator.invoke({ kind: 'agent', id: alice.id }, 'message.send', {
      kind: 'handoff',
      to: { agent: 'bob' },
      body: 'take the docs',
    });
    await world.human('agent.close', { agent: 'bob' });
    await new Promise((resolve) => setImmediate(resolve));
    const { events } = await world.human<Timeline>('recording.timeline', { agents: [alice.id] });
    expect(events.filter((e) => e.kind === 'approval.decided').map((e) => e.summary)).toEqual([
      'withdrawn: Handoff to bob: take the docs · its recipient bob was closed',
    ]);
    await world.orchestrator.close();
  });
});
