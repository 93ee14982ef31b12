// Long-polls a client started and keeps waiting (one whose connection closed ends at once: dispatch/caller-gone.test.ts):
// one inbox holds at most MAX_PARKED_RECEIVES of them, the oldest answered empty to make room.
import { describe, expect, it } from 'vitest';
import { MAX_PARKED_RECEIVES } from '../../src/messages/inbox';
import { messagingFixture, type Received } from './messaging-fixture';

const STARTED = process.env['STRESS'] === '1' ? 190 : MAX_PARKED_RECEIVES + 8;

describe('parked receives', () => {
  it(`keeps at most ${MAX_PARKED_RECEIVES} receives waiting on one inbox; the oldest are answered empty`, async () => {
    const f = messagingFixture();
    const a = await f.spawn('a');
    const b = await f.spawn('b');
    const answered: (Received | undefined)[] = Array.from({ length: STARTED });
    const receives = Array.from({ length: STARTED }, (_, i) =>
      b.call<Received>('message.receive', { wait: 600 }).then((r) => (answered[i] = r)),
    );
    await f.drive(() => answered.filter(Boolean).length >= STARTED - MAX_PARKED_RECEIVES, 0, 50);
    // The oldest made room, answered empty; the newest still wait (before: every one waited its 600 s).
    expect(answered.slice(0, STARTED - MAX_PARKED_RECEIVES).every((r) => r?.messages.length === 0)).toBe(
      true,
    );
    expect(answered.slice(STARTED - MAX_PARKED_RECEIVES).every((r) => r === undefined)).toBe(true);
    // A message still reaches a receive that waits.
    await a.call('message.send', { to: { agent: 'b' }, body: 'still heard' });
    await f.drive(() => answered.some((r) => r?.messages.length === 1), 0, 50);
    expect(answered.some((r) => r?.messages[0]?.body === 'still heard')).toBe(true);
    await f.orchestrator.close();
    await Promise.all(receives);
  });
});
