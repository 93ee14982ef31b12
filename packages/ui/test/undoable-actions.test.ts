import { describe, expect, it } from 'vitest';
import { createUndoableActions } from '../src/shell/undoable-actions';

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (run: () => void) => {
      pending.set(++next, run);
      return next;
    },
    clearTimer: (timer: unknown) => void pending.delete(timer as number),
    fireAll: () => [...pending.entries()].forEach(([id, run]) => (pending.delete(id), run())),
    count: () => pending.size,
  };
}

describe('undoable actions', () => {
  it('reverts only while the window is open, newest first, each once', async () => {
    const timers = manualTimers();
    const actions = createUndoableActions({ ...timers, now: () => 1000, delayMs: 5000 });
    const reverted: string[] = [];
    actions.getState().offer('first', async () => (reverted.push('first'), { ok: true }));
    actions.getState().offer('second', async () => (reverted.push('second'), { ok: true }));
    expect(actions.getState().entries.map((e) => [e.label, e.dueAt])).toEqual([
      ['first', 6000],
      ['second', 6000],
    ]);
    expect(await actions.getState().undo()).toEqual({ ok: true });
    expect(reverted).toEqual(['second']);
    expect(timers.count()).toBe(1);
    timers.fireAll();
    expect(actions.getState().entries).toEqual([]);
    expect(await actions.getState().undo()).toBe(false);
    expect(reverted).toEqual(['second']);
  });

  it('passes a failed revert on, and keep ends the offer without reverting', async () => {
    const timers = manualTimers();
    const actions = createUndoableActions(timers);
    const key = actions.getState().offer('moved', async () => ({ ok: false, reason: 'team gone' }));
    expect(await actions.getState().undo(key)).toEqual({ ok: false, reason: 'team gone' });
    let called = false;
    const kept = actions.getState().offer('kept', async () => ((called = true), { ok: true }));
    actions.getState().keep(kept);
    expect(await actions.getState().undo(kept)).toBe(false);
    expect(called).toBe(false);
    expect(timers.count()).toBe(0);
  });
});
