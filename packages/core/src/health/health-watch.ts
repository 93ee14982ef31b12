import type { Agent, HealthState } from '@switchboard/protocol';
import { decide, type Decision } from './decide';
import type { ScreenSubscription } from '../panes/screen-observer';
import type { ScreenDetector } from './detectors/screen-detector';
import type { Evidence, HealthTimings, RawSignal } from './evidence';
import type { OutputRate } from './output-rate';
import type { StateTracker, TrackedState } from './state-tracker';

/** What the health monitor keeps per watched agent: its evidence, its debounced state and its timers. */
export interface Watch {
  agent: Agent;
  detector: ScreenDetector;
  evidence: Evidence;
  tracker: StateTracker;
  rate: OutputRate;
  /** The pane's screens, as the screen observer reads them. */
  screens: ScreenSubscription | undefined;
  dueTimer: { at: number; cancel: () => void } | undefined;
  /** Process-exit reports for this pane (iTerm2 TerminateSession). */
  terminations: number;
  /** The backend reported the process ended by itself (tmux), so the pane's close after it is no close by hand. */
  endedByItself?: boolean;
}

export const iso = (ms: number) => new Date(ms).toISOString();
const toSignals = (signals: RawSignal[]) =>
  signals.map((s) => ({ source: s.source, state: s.state, detail: s.detail.slice(0, 300), at: iso(s.at) }));

/** The watch's current state as the contract's `HealthState`. */
export function healthOf(watch: Watch): HealthState {
  const current: TrackedState = watch.tracker.current;
  return {
    agentId: watch.agent.id,
    state: current.state,
    since: iso(current.since),
    confidence: current.confidence,
    signals: toSignals(current.signals),
    unsure: current.unsure,
    detector: watch.detector.name,
  };
}

/** What the evidence says now, or — when it says nothing — that the agent's state is unknown. */
export function decideNow(watch: Watch, now: number, timings: HealthTimings): Decision {
  return (
    decide(watch.evidence, now, timings) ?? {
      state: 'unknown',
      confidence: 'low',
      unsure: true,
      signals: [],
      decidedBy: 'none',
    }
  );
}

/** The next moment time alone can change the answer (a candidate matures, output goes quiet, a hook goes stale), if any. */
export function nextDueAt(watch: Watch, now: number, timings: HealthTimings): number | undefined {
  const { evidence, tracker } = watch;
  const times: number[] = [];
  const due = tracker.nextDue();
  if (due !== undefined) times.push(due);
  if (evidence.lastOutputAt !== undefined) times.push(evidence.lastOutputAt + timings.outputRecentMs);
  if (evidence.screen) {
    times.push(evidence.screen.since + timings.unsureAfterMs);
    if (evidence.hook) times.push(Math.max(evidence.screen.since, evidence.hook.at) + timings.hookStaleMs);
  }
  const next = Math.min(...times.filter((t) => t > now));
  return Number.isFinite(next) ? next : undefined;
}
