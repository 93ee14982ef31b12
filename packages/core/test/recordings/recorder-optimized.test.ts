import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../../src/ports/terminal-backend';
import { Recorder } from '../../src/recordings/recorder';
import { FakeClock } from '../../src/testing/index';
import { handingObserver, oneAgentRecorder } from './one-agent-recorder';

// V8's own test hooks (functions compiled after the flag see them): optimize a function now, and ask whether it
// still runs optimized code.
setFlagsFromString('--allow-natives-syntax');
const natives = (body: string) => new Function('f', body) as (f: unknown) => number;
const prepare = natives('%PrepareFunctionForOptimization(f); return 0;');
const optimizeOnNextCall = natives('%OptimizeFunctionOnNextCall(f); return 0;');
const status = natives('return %GetOptimizationStatus(f);');
/** `%GetOptimizationStatus`'s bit for code from the optimizing compiler (V8's OptimizationStatus::kTurboFanned). */
const TURBOFANNED = 1 << 6;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A 24-row pane printing 20 lines a second, read once a second (no lines scroll past unread). */
function printing(): () => ScreenSnapshot {
  const all = [''];
  let printed = 0;
  return () => {
    for (let i = 0; i < 20; i++, printed++) {
      all[all.length - 1] += `${printed} compiling module ${printed % 97} of the build: ok`;
      all.push('');
    }
    const top = all.length - 24;
    const lines = all.slice(Math.max(0, top));
    return { lines, cursor: { x: 0, y: lines.length - 1 }, firstLine: Math.max(0, top), rows: lines.length };
  };
}

describe("the recorder's optimized code", () => {
  it('stays optimized frame after frame once compiled (no frame of another shape for it)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-recorder-optimized-'));
    folders.push(dataDir);
    const clock = new FakeClock(Date.UTC(2026, 11, 7));
    const { observer, hand } = handingObserver();
    const { store, recorder } = oneAgentRecorder(
      dataDir,
      clock,
      observer,
      { id: 'pane-1', readScreen: () => Promise.reject(new Error('no read-backs here')) },
      {},
    );
    const next = printing();
    const take = () => {
      clock.advance(1_000);
      hand(next());
      recorder.openSpans(); // takes the screen heard (as a batch after the turn would)
    };
    const record = (Recorder.prototype as unknown as { record: unknown }).record;
    try {
      prepare(record);
      for (let i = 0; i < 200; i++) take();
      optimizeOnNextCall(record);
      // An array `map` made in optimized code was holey where the unoptimized code's was not: the frame writer's code
      // inlined in `record`, specialised for the one, met the other in the same frame, and `record` lost its code.
      for (let i = 0; i < 100; i++) take();
      expect(status(record) & TURBOFANNED, `status ${status(record).toString(2)}`).toBeTruthy();
    } finally {
      recorder.close();
      store.close();
    }
  });
});
