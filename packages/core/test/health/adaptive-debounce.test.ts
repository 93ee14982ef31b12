import { describe, expect, it } from 'vitest';
import type { AgentState } from '@switchboard/protocol';
import { DEFAULT_TIMINGS, StateTracker, type Decision } from '../../src/index';

const { debounceMs, flickerDebounceMs, flickerWindowMs } = DEFAULT_TIMINGS;
const screen = (state: AgentState): Decision => ({
  state,
  confidence: 'low',
  unsure: false,
  signals: [],
  decidedBy: 'screen',
});

/**
 * Drives a tracker as the health monitor does (a decision at each screen read, and again when a
 * candidate matures) over a timeline of screen verdicts; returns the commits as [time, state].
 */
function run(
  tracker: StateTracker,
  timeline: [at: number, state: AgentState][],
  until: number,
): [number, AgentState][] {
  const commits: [number, AgentState][] = [];
  let shown: AgentState | undefined;
  let i = 0;
  for (let now = 0; now <= until; now++) {
    const due = tracker.nextDue() === now;
    const changed = i < timeline.length && timeline[i]![0] === now;
    if (changed) shown = timeline[i++]![1];
    if ((changed || due) && shown && tracker.update(screen(shown), now).changed) commits.push([now, shown]);
  }
  return commits;
}

/** The screen alternating between working and idle every `periodMs`, from 0 to `untilMs`. */
const alternating = (periodMs: number, untilMs: number): [number, AgentState][] =>
  Array.from({ length: Math.floor(untilMs / periodMs) }, (_, k) => [
    k * periodMs,
    k % 2 === 0 ? 'working' : 'idle',
  ]);

describe('adaptive debounce (StateTracker)', () => {
  it('takes a change on a settled screen after the short debounce', () => {
    const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
    expect(run(tracker, [[1_000, 'working']], 2_000)).toEqual([[1_000 + debounceMs, 'working']]);
    expect(debounceMs).toBeLessThanOrEqual(150);
  });

  it('a screen flickering faster than the debounce never changes the state', () => {
    const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
    expect(run(tracker, alternating(debounceMs - 10, 10_000), 10_000)).toEqual([]);
  });

  it('a screen flickering slower than the short debounce is held longer and longer: few commits, then none', () => {
    const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
    const commits = run(tracker, alternating(debounceMs * 1.5, 10_000), 10_000);
    expect(commits.length).toBeLessThanOrEqual(3);
    expect(commits.every(([at]) => at < 1_000)).toBe(true);
    // The same alternation with a fixed short debounce flaps all along: what the adaptation prevents.
    const fixed = new StateTracker('idle', 0, debounceMs);
    expect(run(fixed, alternating(debounceMs * 1.5, 10_000), 10_000).length).toBeGreaterThan(50);
  });

  it('the hold grows to at most flickerDebounceMs and shrinks back once the flicker is past', () => {
    const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
    run(tracker, alternating(debounceMs - 10, 3_000), 3_000);
    expect(tracker.holdMs(3_000)).toBe(flickerDebounceMs);
    expect(tracker.holdMs(3_000 + flickerWindowMs)).toBe(debounceMs);
  });

  it('moving on through a third state (typing, then a question) is progress, not a flicker', () => {
    const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
    const commits = run(
      tracker,
      [
        [0, 'working'],
        [30, 'waiting_for_input'],
        [1_000, 'working'],
        [1_020, 'idle'],
      ],
      2_000,
    );
    expect(commits).toEqual([
      [30 + debounceMs, 'waiting_for_input'],
      [1_020 + debounceMs, 'idle'],
    ]);
  });

  it.each(['hook', 'declared', 'prompt_mark', 'process'] as const)(
    'an explicit %s signal applies at once, even mid-flicker',
    (decidedBy) => {
      const tracker = new StateTracker('idle', 0, DEFAULT_TIMINGS);
      run(tracker, alternating(debounceMs - 10, 1_000), 1_000);
      expect(
        tracker.update(
          { state: 'waiting_for_input', confidence: 'high', unsure: false, signals: [], decidedBy },
          1_001,
        ),
      ).toEqual({ changed: true, previous: 'idle' });
      expect(tracker.current).toMatchObject({ state: 'waiting_for_input', since: 1_001 });
    },
  );

  it('a re-decision that comes late, after the evidence went quiet, still takes the candidate that held its hold', () => {
    // A program prints once and goes quiet: "output is flowing" (working) for 1.5 s, then nothing. Under load the
    // re-decision due when the hold ends fired after that window; the agent must not stay `starting`.
    const output: Decision = { ...screen('working'), decidedBy: 'output' };
    const late = new StateTracker('starting', 0, DEFAULT_TIMINGS);
    expect(late.update(output, 1_000).changed).toBe(false);
    expect(late.update(undefined, 1_000 + DEFAULT_TIMINGS.outputRecentMs + 500)).toEqual({
      changed: true,
      previous: 'starting',
    });
    expect(late.current).toMatchObject({ state: 'working', signals: output.signals });
    // Silence before the hold is over takes nothing: the candidate had not held.
    const early = new StateTracker('starting', 0, DEFAULT_TIMINGS);
    early.update(output, 1_000);
    expect(early.update(undefined, 1_000 + debounceMs - 1).changed).toBe(false);
    expect(early.update(undefined, 1_000 + debounceMs + 1).changed).toBe(false);
    expect(early.current.state).toBe('starting');
  });
});
