import { describe, expect, it } from 'vitest';
import { QUIET_MS } from '../../src/sim/dispose-when-quiet';
import { reapingsSent, reapSession, trackSession } from '../../src/sim/process-reaper';

/** Session ids no process has (above Linux's largest pid_max, 2^22): hanging them up signals nothing. */
let nextSid = 4_200_000;

describe('the sessions of panes that go while panes keep going are reaped together, once panes stop going', () => {
  it('panes going every QUIET_MS / 3 for longer than the 50 ms the first waited before: one reaping for them all', async () => {
    // A starved test process can wake QUIET_MS late or more: then the panes had a quiet gap after all and were
    // rightly reaped in two goes; the round is run again, up to five times.
    for (let round = 1; ; round++) {
      const sids = Array.from({ length: 6 }, () => nextSid++);
      for (const sid of sids) trackSession(sid);
      const before = reapingsSent();
      let longestGap = 0;
      let wentAt = performance.now();
      for (const sid of sids) {
        longestGap = Math.max(longestGap, performance.now() - wentAt);
        wentAt = performance.now();
        reapSession(sid);
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 3));
      }
      const whileGoing = reapingsSent() - before;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 50));
      if (longestGap >= QUIET_MS && round < 5) continue;
      expect(whileGoing).toBe(0); // nothing hung up while panes kept going (a burst's exits had the CPU)
      expect(reapingsSent() - before).toBe(1); // then one pkill pair for all six
      return;
    }
  });
});
