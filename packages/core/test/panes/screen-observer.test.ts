import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '@switchboard/protocol';
import {
  createMemoryBackend,
  type BackendEvent,
  type ScreenSnapshot,
  type TerminalBackend,
} from '../../src/index';
import { DEFAULT_SCREEN_PACE, DEFAULT_SETTLE_MS, ScreenObserver } from '../../src/panes/screen-observer';
import { FakeClock } from '../../src/testing/index';

/** The memory backend with its reads counted and, when a test holds them, left pending until released. */
async function countedBackend(options: { notifies?: boolean } = {}) {
  const inner = createMemoryBackend();
  const { id: paneId } = await inner.createPane({});
  let reads = 0;
  /** Per read: whether it was asked as `patient` (its answer may wait for the backend's read coalescing). */
  const patient: boolean[] = [];
  let held: (() => void)[] | undefined;
  const events = new Emitter<BackendEvent>();
  inner.onEvent((event) => events.emit(event));
  const backend: TerminalBackend = {
    ...inner,
    onEvent: (listener) => events.on(listener),
    ...(options.notifies === false ? { notifiesScreenChanges: false } : {}),
    async readScreen(id, opts) {
      reads++;
      patient.push(opts?.patient === true);
      if (held) await new Promise<void>((resolve) => held!.push(resolve));
      return inner.readScreen(id, opts);
    },
  };
  return {
    backend,
    paneId,
    print: (text: string) => inner.sendText(paneId, text),
    emit: (event: BackendEvent) => events.emit(event),
    get reads() {
      return reads;
    },
    patient,
    hold: () => void (held = []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      waiting.forEach((resolve) => resolve());
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
const text = (screen: ScreenSnapshot) => screen.lines.join('|');

describe('ScreenObserver', () => {
  let observer: ScreenObserver | undefined;
  afterEach(() => observer?.close());

  async function setup(
    options: { notifies?: boolean; intervalMs?: number; patientBusyReads?: boolean } = {},
  ) {
    const clock = new FakeClock();
    const fake = await countedBackend(options);
    const listenerErrors: unknown[] = [];
    observer = new ScreenObserver({
      backend: fake.backend,
      clock,
      intervalMs: options.intervalMs ?? 50,
      pollMs: 200,
      onListenerError: (error) => listenerErrors.push(error),
      ...(options.patientBusyReads !== undefined
        ? { pace: { patientBusyReads: options.patientBusyReads } }
        : {}),
    });
    const step = async (ms: number) => {
      await settle();
      clock.advance(ms);
      await settle();
    };
    return { clock, fake, observer, step, listenerErrors };
  }

  it('reads a changed screen once for any number of consumers, and every consumer hears it', async () => {
    const { fake, observer, step } = await setup();
    const heard: string[][] = [[], [], [], [], []];
    const subscriptions = heard.map((log) =>
      observer.observe(fake.paneId, (screen) => log.push(text(screen))),
    );
    await step(0);
    await Promise.all(subscriptions.map((s) => s.ready));
    expect(fake.reads).toBe(1);
    await fake.print('hello');
    await step(50);
    expect(fake.reads).toBe(2);
    for (const log of heard) expect(log).toEqual(['', 'hello']);
  });

  it('a consumer that throws does not stop the others; its error is reported', async () => {
    const { fake, observer, step, listenerErrors } = await setup();
    const heard: string[] = [];
    observer.observe(fake.paneId, () => {
      throw new Error('consumer bug');
    });
    observer.observe(fake.paneId, (screen) => heard.push(text(screen)));
    await step(0);
    await fake.print('x');
    await step(50);
    expect(heard).toEqual(['', 'x']);
    expect(listenerErrors).toHaveLength(2);
    expect(String(listenerErrors[0])).toContain('consumer bug');
  });

  it('throttles a chatty pane to one read per interval, always reading the last change', async () => {
    const { fake, observer, step } = await setup();
    const heard: string[] = [];
    observer.observe(fake.paneId, (screen) => heard.push(text(screen)));
    await step(0);
    for (let i = 0; i < 10; i++) await fake.print(String(i));
    await step(10);
    expect(fake.reads).toBe(1);
    await step(40);
    expect(fake.reads).toBe(2);
    expect(heard).toEqual(['', '0123456789']);
  });

  it("a keystroke's echo and the program's answer a few ms apart cost one read, even on a quiet pane", async () => {
    const { fake, observer, step } = await setup();
    const heard: string[] = [];
    observer.observe(fake.paneId, (screen) => heard.push(text(screen)));
    await step(0);
    await step(1_000);
    await fake.print('ls');
    await step(3);
    await fake.print(' -> a.txt');
    await step(DEFAULT_SETTLE_MS);
    expect(fake.reads).toBe(2);
    expect(heard).toEqual(['', 'ls -> a.txt']);
  });

  it('reads at the shortest interval any consumer asks for, asked again at each change', async () => {
    const { fake, observer, step } = await setup();
    let slow = 300;
    observer.observe(fake.paneId, () => undefined, { intervalMs: () => slow });
    await step(0);
    await fake.print('a');
    await step(299);
    expect(fake.reads).toBe(1);
    await step(1);
    expect(fake.reads).toBe(2);
    slow = 500;
    const fast = observer.observe(fake.paneId, () => undefined, { intervalMs: 20 });
    await step(0);
    await fake.print('b');
    await step(20);
    expect(fake.reads).toBe(3);
    fast.stop();
    await fake.print('c');
    await step(499);
    expect(fake.reads).toBe(3);
    await step(1);
    expect(fake.reads).toBe(4);
  });

  it('a flood of changes closer together than settleMs is still read once per interval', async () => {
    const { fake, observer, step } = await setup();
    observer.observe(fake.paneId, () => undefined, { intervalMs: 50 });
    await step(0);
    const before = fake.reads;
    for (let t = 0; t < 1_000; t += 4) {
      await fake.print('y');
      await step(4);
    }
    expect(fake.reads - before).toBeGreaterThanOrEqual(15);
  });

  describe('a pane that keeps printing (busy)', () => {
    /** Prints a line every 100 ms for `ms` (10 screen updates a second, like a build scrolling by). */
    async function printFor(
      fake: { print: (t: string) => Promise<void> },
      step: (ms: number) => Promise<void>,
      ms: number,
    ) {
      for (let t = 0; t < ms; t += 100) {
        await fake.print(` line${t}`);
        await step(100);
      }
    }

    it('is read at the busy pace once every consumer accepts it, and its pause at once', async () => {
      const { clock, fake, observer, step } = await setup();
      const heard: string[] = [];
      // Health with a verdict that holds, and the recorder: both content with the busy pace.
      observer.observe(fake.paneId, (screen) => heard.push(text(screen)), {
        intervalMs: 250,
        acceptsBusyPace: () => true,
      });
      observer.observe(fake.paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: true });
      await step(0);
      await printFor(fake, step, 3_000);
      const readsBefore = fake.reads;
      await printFor(fake, step, 6_000);
      // 1,000 ms busy pace: about 6 reads in 6 s (at the consumers' own 250 ms, 24).
      expect(fake.reads - readsBefore).toBeLessThanOrEqual(7);
      expect(fake.reads - readsBefore).toBeGreaterThanOrEqual(5);
      // The printing stops with a question: read once nothing followed for quietMs, not at the next pace tick.
      await fake.print(' Continue? [y/N] ');
      const printedAt = clock.now();
      const readsAtQuestion = fake.reads;
      while (fake.reads === readsAtQuestion && clock.now() - printedAt < 2_000) await step(10);
      expect(clock.now() - printedAt).toBeLessThanOrEqual(DEFAULT_SCREEN_PACE.quietMs + 10);
      expect(heard.at(-1)).toMatch(/Continue\? \[y\/N\] $/);
    });

    it('by default asks no read as patient', async () => {
      const { fake, observer, step } = await setup();
      observer.observe(fake.paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: () => true });
      await step(0);
      await printFor(fake, step, 7_000);
      expect(fake.reads).toBeGreaterThanOrEqual(6);
      expect(fake.patient.some((p) => p)).toBe(false);
    });

    it('with patientBusyReads, asks its busy-pace reads as patient; a pause, and any read while a consumer wants its own pace, not', async () => {
      const { clock, fake, observer, step } = await setup({ patientBusyReads: true });
      let accepts = true;
      observer.observe(fake.paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: () => accepts });
      await step(0);
      await printFor(fake, step, 3_000);
      expect(fake.patient.slice(0, 3)).toEqual([false, false, false]); // not busy yet
      let from = fake.reads;
      await printFor(fake, step, 4_000);
      expect(fake.reads - from).toBeGreaterThanOrEqual(3);
      expect(fake.patient.slice(from)).toEqual(fake.patient.slice(from).map(() => true));
      // The printing stops with a question: its read (the pause's) is awaited at once.
      await fake.print(' Continue? [y/N] ');
      const printedAt = clock.now();
      from = fake.reads;
      while (fake.reads === from && clock.now() - printedAt < 2_000) await step(10);
      expect(fake.patient.slice(from)).toEqual([false]);
      // A consumer that wants its own pace: the pane is not read at the busy pace, no read is patient.
      accepts = false;
      from = fake.reads;
      await printFor(fake, step, 2_000);
      expect(fake.reads - from).toBeGreaterThanOrEqual(5);
      expect(fake.patient.slice(from).some((p) => p)).toBe(false);
    });

    it('keeps the shortest interval while any consumer does not accept the busy pace', async () => {
      const { fake, observer, step } = await setup();
      observer.observe(fake.paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: true });
      let accepts = false;
      observer.observe(fake.paneId, () => undefined, { intervalMs: 250, acceptsBusyPace: () => accepts });
      await step(0);
      await printFor(fake, step, 3_000);
      let before = fake.reads;
      await printFor(fake, step, 4_000);
      expect(fake.reads - before).toBeGreaterThanOrEqual(14); // one every 250 ms
      accepts = true;
      await printFor(fake, step, 1_000);
      before = fake.reads;
      await printFor(fake, step, 4_000);
      expect(fake.reads - before).toBeLessThanOrEqual(5);
    });

    it('reads each pause within quietMs, and a pause of busyGapMs ends the busy run', async () => {
      const { fake, observer, step } = await setup();
      observer.observe(fake.paneId, () => undefined, { intervalMs: 50, acceptsBusyPace: true });
      await step(0);
      await printFor(fake, step, 3_000);
      // Bursts of 4 lines with a 400 ms pause: each pause is read (one read per burst), no more.
      let before = fake.reads;
      for (let burst = 0; burst < 5; burst++) {
        await printFor(fake, step, 400);
        await step(300);
      }
      expect(fake.reads - before).toBe(5);
      // After a pause of a second the pane is quiet again: the next change goes at the consumer's own 50 ms.
      await step(DEFAULT_SCREEN_PACE.busyGapMs);
      before = fake.reads;
      await printFor(fake, step, 500);
      expect(fake.reads - before).toBeGreaterThanOrEqual(5);
    });
  });

  it('refresh with nothing changed hands back the last screen without a backend call, to the asker only', async () => {
    const { fake, observer, step } = await setup();
    const first: string[] = [];
    const second: string[] = [];
    const asker = observer.observe(fake.paneId, (screen) => first.push(text(screen)));
    observer.observe(fake.paneId, (screen) => second.push(text(screen)));
    await step(0);
    await fake.print('same');
    await step(50);
    expect(fake.reads).toBe(2);
    asker.refresh();
    await step(0);
    expect(fake.reads).toBe(2);
    expect(first).toEqual(['', 'same', 'same']);
    expect(second).toEqual(['', 'same']);
    await fake.print('!');
    asker.refresh();
    await step(50);
    expect(fake.reads).toBe(3);
    expect(second.at(-1)).toBe('same!');
  });

  it('a newcomer during a read hears the next read, which starts after it subscribed, and no earlier screen', async () => {
    const { fake, observer, step } = await setup();
    observer.observe(fake.paneId, () => undefined);
    await step(0);
    await fake.print('before');
    fake.hold();
    await step(50);
    expect(fake.reads).toBe(2);
    const late: string[] = [];
    const subscription = observer.observe(fake.paneId, (screen) => late.push(text(screen)));
    await fake.print(' after');
    fake.release();
    await step(0);
    expect(late).toEqual([]);
    await step(50);
    await subscription.ready;
    expect(late).toEqual(['before after']);
    expect(fake.reads).toBe(3);
  });

  it('is reference-counted: a pane nobody observes is never read', async () => {
    const { fake, observer, step } = await setup();
    const a = observer.observe(fake.paneId, () => undefined);
    const b = observer.observe(fake.paneId, () => undefined);
    await step(0);
    a.stop();
    expect(observer.consumersOf(fake.paneId)).toBe(1);
    b.stop();
    b.stop();
    expect(observer.consumersOf(fake.paneId)).toBe(0);
    const before = fake.reads;
    await fake.print('unobserved');
    await step(1_000);
    expect(fake.reads).toBe(before);
  });

  it('reads every observed screen again after a reconnect (changes of the gap were never reported)', async () => {
    const { fake, observer, step } = await setup();
    const heard: string[] = [];
    observer.observe(fake.paneId, (screen) => heard.push(text(screen)));
    await step(0);
    fake.emit({ type: 'backend.disconnected' });
    await step(1_000);
    expect(fake.reads).toBe(1);
    fake.emit({ type: 'backend.reconnected', gapMs: 900 });
    await step(0);
    expect(fake.reads).toBe(2);
    expect(heard).toEqual(['', '']);
  });

  it('polls only a backend without screen-change notifications, and only observed panes', async () => {
    const { fake, observer, step } = await setup({ notifies: false });
    const heard: string[] = [];
    const subscription = observer.observe(fake.paneId, (screen) => heard.push(text(screen)));
    await step(0);
    expect(fake.reads).toBe(1);
    await fake.print('quiet change');
    await step(199);
    expect(fake.reads).toBe(2); // the output event still triggers a read where the backend sends one
    await step(1);
    expect(fake.reads).toBe(3);
    await step(200);
    await step(200);
    expect(fake.reads).toBe(5);
    expect(heard.at(-1)).toBe('quiet change');
    subscription.stop();
    await step(1_000);
    expect(fake.reads).toBe(5);
  });

  it('a failed read reaches the consumer as an error and settles its ready', async () => {
    const { observer, step } = await setup();
    const errors: unknown[] = [];
    const subscription = observer.observe('no-such-pane', () => undefined, {
      onError: (error) => errors.push(error),
    });
    await step(0);
    await subscription.ready;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'not_found' });
  });
});
