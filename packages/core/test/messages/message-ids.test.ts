// Message ids are UUID version 7: time first, so ids made later sort after earlier ones and a group of sends
// appends to the end of the indexes keyed by them instead of touching one random index page per send.
import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../src/ports/time-ordered-id';
import { worldsClosedAfterEach } from '../support/world';

const world = worldsClosedAfterEach();

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const id = timeOrderedUuid(0x0123_4567_89ab);
    expect(id).toMatch(V7);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
  });

  it('sorts by time; ids made in the same millisecond differ', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 1_800_000_000_000].map((ms) =>
      timeOrderedUuid(ms),
    );
    expect([...ids.slice(0, 3)].sort()).toEqual(ids.slice(0, 3));
    expect(new Set(ids).size).toBe(4);
    expect(new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(5))).size).toBe(10_000);
  });
});

it('a sent message gets a msg- id in time order', async () => {
  const w = await world();
  const a = await w.spawn('a');
  await w.spawn('b');
  const send = async (body: string) =>
    ((await w.as(a)('message.send', { to: { agent: 'b' }, body })) as { messageIds: string[] })
      .messageIds[0]!;
  const first = await send('one');
  // The next millisecond has begun (a condition, not a fixed sleep): the second id's time is later.
  const sentBy = Date.now();
  while (Date.now() <= sentBy) await new Promise((resolve) => setTimeout(resolve, 1));
  const second = await send('two');
  expect(first.slice(4)).toMatch(V7);
  expect(first.startsWith('msg-')).toBe(true);
  expect(second > first).toBe(true);
});
