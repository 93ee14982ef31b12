import { describe, expect, it } from 'vitest';
import { createStagedDecisions, stagedIds, type DecisionInput } from '../../src/approvals/staged-decisions';

/** A stager with a hand-driven timer list, and a record of what was sent. */
function harness(fail?: string) {
  const sent: DecisionInput[][] = [];
  const failed: string[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  let now = 1000;
  const staged = createStagedDecisions({
    decide: async (decisions) => {
      sent.push(decisions);
      return fail ? { ok: false, reason: fail } : { ok: true };
    },
    onFailed: (entry, reason) => failed.push(`${entry.label}: ${reason}`),
    delayMs: 5000,
    now: () => now,
    setTimer: (run) => {
      timers.set(++next, run);
      return next;
    },
    clearTimer: (timer) => timers.delete(timer as number),
  });
  const fireAll = () => {
    const due = [...timers.values()];
    timers.clear();
    due.forEach((run) => run());
  };
  return { staged, sent, failed, timers, fireAll, advance: (ms: number) => (now += ms) };
}

describe('createStagedDecisions', () => {
  it('sends nothing during the undo window and everything when it ends', async () => {
    const { staged, sent, fireAll } = harness();
    staged.getState().stage([{ id: 'a', verdict: 'approve' }], 'Approved: a');
    expect(staged.getState().entries).toMatchObject([{ label: 'Approved: a', dueAt: 6000 }]);
    expect(stagedIds(staged.getState().entries)).toEqual(new Set(['a']));
    expect(sent).toEqual([]);
    fireAll();
    await Promise.resolve();
    expect(sent).toEqual([[{ id: 'a', verdict: 'approve' }]]);
    expect(staged.getState().entries).toEqual([]);
  });

  it('undo drops the decision: it is never sent', () => {
    const { staged, sent, timers, fireAll } = harness();
    const key = staged.getState().stage([{ id: 'a', verdict: 'deny' }], 'Denied: a');
    staged.getState().stage([{ id: 'b', verdict: 'approve', choice: 'Yes' }], 'Chose Yes: b');
    expect(staged.getState().undo(key)).toBe(true);
    expect(staged.getState().undo()).toBe(true); // the newest one
    expect(staged.getState().undo()).toBe(false);
    expect(timers.size).toBe(0);
    fireAll();
    expect(sent).toEqual([]);
  });

  it('sendNow sends at once; a refusal is reported with the entry', async () => {
    const { staged, sent, failed } = harness('approval "a" is not pending');
    const key = staged.getState().stage([{ id: 'a', verdict: 'approve' }], 'Approved: a');
    staged.getState().sendNow(key);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(1);
    expect(failed).toEqual(['Approved: a: approval "a" is not pending']);
    expect(staged.getState().undo(key)).toBe(false);
  });

  it('dispose forgets everything without sending (the items stay pending in the host)', () => {
    const { staged, sent, timers } = harness();
    staged.getState().stage([{ id: 'a', verdict: 'approve' }], 'Approved: a');
    staged.getState().dispose();
    expect(timers.size).toBe(0);
    expect(staged.getState().entries).toEqual([]);
    expect(sent).toEqual([]);
  });
});
