// isoTime keeps the last string it made: the same answer as toISOString for every clock reading, also
// when the clock goes back or two clocks alternate, and an invalid time still throws.
import { expect, it } from 'vitest';
import { isoTime } from '../src/ports/clock';
import { FakeClock } from '../src/testing/index';

it('answers what toISOString answers, reading after reading', () => {
  const clock = new FakeClock();
  const other = new FakeClock();
  other.advance(123_456_789);
  for (const step of [0, 0, 1, 999, 0, 86_400_000]) {
    clock.advance(step);
    for (const c of [clock, other, clock]) expect(isoTime(c)).toBe(new Date(c.now()).toISOString());
  }
  expect(isoTime({ now: () => 0, setTimeout: () => () => undefined })).toBe('1970-01-01T00:00:00.000Z');
  expect(() => isoTime({ now: () => Number.NaN, setTimeout: () => () => undefined })).toThrow(RangeError);
});
