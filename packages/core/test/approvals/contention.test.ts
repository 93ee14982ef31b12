import { describe, expect, it, vi } from 'vitest';
import type { Approval, Lock } from '@switchboard/protocol';
import { createWorld, settle } from '../support/world';

type Requested = { lock: Lock | null; approval: Approval | null; timedOut: boolean };

describe('integration: the queue in front of the fleet', () => {
  it('two agents contend for a lock; the request appears in the queue; the human approves; the waiting agent proceeds', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice', 'builder');
    const bob = await world.spawn('bob', 'builder');
    const held = (await world.as(alice)('lock.acquire', {
      resource: { kind: 'file', name: 'src/db/**' },
      ttlMs: 600_000,
    })) as Lock;

    await expect(
      world.as(bob)('lock.acquire', { resource: { kind: 'file', name: 'src/db/schema.ts' } }),
    ).rejects.toMatchObject({ code: 'locked', details: { holderName: 'alice' } });
    let proceeded = false;
    const waiting = (
      world.as(bob)('lock.request', {
        resource: { kind: 'file', name: 'src/db/schema.ts' },
        reason: 'add a column',
        waitMs: 300_000,
      }) as Promise<Requested>
    ).then((r) => {
      proceeded = true;
      return r;
    });
    // The marker: the request reached the queue (approval.requested); bob is still waiting behind it.
    await vi.waitFor(() => expect(world.events.map((e) => e.type)).toContain('approval.requested'));
    expect(proceeded).toBe(false);

    const { approvals } = (await world.human('approval.list', { kind: 'lock' })) as { approvals: Approval[] };
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      requester: bob.id,
      payload: { lockHolder: alice.id, resource: 'file:src/db/schema.ts' },
      choices: ['hand over', 'keep'],
    });
    expect(approvals[0]!.summary).toBe('bob asks for file "src/db/schema.ts", held by alice: add a column');

    await world.human('approval.decide', {
      decisions: [
        {
          id: approvals[0]!.id,
          verdict: 'approve',
          choice: 'hand over',
          comment: 'alice is done with the schema',
        },
      ],
    });
    const result = await waiting;
    expect(result.timedOut).toBe(false);
    expect(result.approval?.status).toBe('approved');
    expect(result.lock).toMatchObject({
      owner: bob.id,
      resource: { kind: 'file', name: 'src/db/schema.ts' },
    });
    await expect(world.as(alice)('lock.renew', { lockId: held.id, ttlMs: 60_000 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      world.as(alice)('lock.acquire', { resource: { kind: 'file', name: 'src/db/schema.ts' } }),
    ).rejects.toMatchObject({ code: 'locked', details: { holderName: 'bob' } });

    const types = world.events
      .map((e) => e.type)
      .filter((t) => t.startsWith('lock.') || t.startsWith('approval.'));
    expect(types).toEqual([
      'lock.acquired',
      'approval.requested',
      'lock.released',
      'lock.acquired',
      'approval.decided',
    ]);
    expect(await world.human('audit.verify')).toMatchObject({ ok: true });
  });

  it('a handoff approved and one denied, each waiter woken with its decision', async () => {
    const world = createWorld();
    const builder = await world.spawn('builder-1', 'builder');
    const ask = (summary: string) =>
      world.as(builder)('approval.request', {
        kind: 'handoff',
        summary,
        payload: { message: `please ${summary}` },
        waitMs: 60_000,
      }) as Promise<{ approval: Approval }>;
    const first = ask('review PR 12');
    const second = ask('deploy to prod');
    await settle();
    const { approvals } = (await world.human('approval.list', { kind: 'handoff' })) as {
      approvals: Approval[];
    };
    const byMessage = (m: string) => approvals.find((a) => a.payload.message === `please ${m}`)!.id;
    await world.human('approval.decide', {
      decisions: [
        { id: byMessage('review PR 12'), verdict: 'approve' },
        { id: byMessage('deploy to prod'), verdict: 'deny', comment: 'not on a Friday' },
      ],
    });
    expect((await first).approval).toMatchObject({ status: 'approved' });
    expect((await second).approval).toMatchObject({
      status: 'denied',
      decision: { comment: 'not on a Friday' },
    });
  });
});
