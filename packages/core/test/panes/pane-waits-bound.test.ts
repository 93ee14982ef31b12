// `pane.waitFor` calls a client started and keeps waiting run their whole timeout (a closed connection ends one at
// once: dispatch/caller-gone.test.ts), each following its pane: one caller runs at most MAX_WAITS_PER_CALLER, its
// oldest ended as a timeout to make room.
import { describe, expect, it } from 'vitest';
import { MAX_WAITS_PER_CALLER } from '../../src/panes/pane-waiter';
import { messagingFixture } from '../messages/messaging-fixture';

const STARTED = process.env['STRESS'] === '1' ? 190 : MAX_WAITS_PER_CALLER + 8;
type Waited = { completed: boolean; timedOut: boolean };

describe('pane.waitFor calls of one caller', () => {
  it(`run at most ${MAX_WAITS_PER_CALLER} at once; the oldest end as a timeout to make room`, async () => {
    const f = messagingFixture();
    const watcher = await f.spawn('watcher', { role: 'orchestrator' });
    const worker = await f.spawn('worker');
    const answered: (Waited | undefined)[] = Array.from({ length: STARTED });
    const waits = Array.from({ length: STARTED }, (_, i) =>
      watcher
        .call<Waited>('pane.waitFor', {
          target: worker.id,
          until: 'pattern',
          pattern: 'never',
          timeoutSeconds: 600,
        })
        .then((r) => (answered[i] = r)),
    );
    await f.drive(() => answered.filter(Boolean).length >= STARTED - MAX_WAITS_PER_CALLER, 0, 50);
    // Before: every one ran its 600 s, each testing every new line of the pane.
    const oldest = answered.slice(0, STARTED - MAX_WAITS_PER_CALLER);
    expect(oldest.every((r) => r?.completed === false && r.timedOut)).toBe(true);
    expect(answered.slice(STARTED - MAX_WAITS_PER_CALLER).every((r) => r === undefined)).toBe(true);
    // Another caller's waits are its own.
    const human = f.human<Waited>('pane.waitFor', {
      target: worker.id,
      until: 'pattern',
      pattern: 'x',
      timeoutSeconds: 1,
    });
    await f.drive(() => false, 100, 12);
    expect(await human).toMatchObject({ completed: false, timedOut: true });
    expect(answered.slice(STARTED - MAX_WAITS_PER_CALLER).every((r) => r === undefined)).toBe(true);
    await f.drive(() => answered.every(Boolean), 10_000, 70);
    await Promise.all(waits);
    await f.orchestrator.close();
  });
});
