import type { AgentState, Confidence, SignalSource } from '@switchboard/protocol';
import type { Decision } from './decide';
import type { RawSignal } from './evidence';

/** The state an agent is in, as the tracker holds it. */
export interface TrackedState {
  state: AgentState;
  since: number;
  confidence: Confidence;
  unsure: boolean;
  signals: RawSignal[];
}

/** Sources that are explicit reports, not readings: they change the state at once. */
const EXPLICIT: ReadonlySet<SignalSource | 'none'> = new Set(['process', 'hook', 'declared']);

export interface TrackerUpdate {
  /** The state changed; `previous` is the one it left. */
  changed: boolean;
  previous: AgentState;
}

/**
 * The debounced state machine of one agent. A heuristic state (screen, prompt marks, output) replaces
 * the current one only after every decision for `debounceMs` agreed on it, so a noisy screen cannot
 * flip the state faster than that; hooks, declared states and process exit apply at once.
 */
export class StateTracker {
  private candidate: { state: AgentState; firstSeen: number } | undefined;
  current: TrackedState;

  constructor(initial: AgentState, since: number, private readonly debounceMs: number) {
    this.current = { state: initial, since, confidence: 'low', unsure: false, signals: [] };
  }

  update(decision: Decision | undefined, now: number): TrackerUpdate {
    const previous = this.current.state;
    if (!decision) {
      this.candidate = undefined;
      return { changed: false, previous };
    }
    if (decision.state === this.current.state) {
      this.candidate = undefined;
      this.current = { ...this.current, confidence: decision.confidence, unsure: decision.unsure, signals: decision.signals };
      return { changed: false, previous };
    }
    if (this.candidate?.state !== decision.state) this.candidate = { state: decision.state, firstSeen: now };
    if (decision.immediate || EXPLICIT.has(decision.decidedBy) || now - this.candidate.firstSeen >= this.debounceMs) {
      this.candidate = undefined;
      this.current = { state: decision.state, since: now, confidence: decision.confidence, unsure: decision.unsure, signals: decision.signals };
      return { changed: true, previous };
    }
    return { changed: false, previous };
  }

  /** When a pending candidate matures (the caller re-decides then), if there is one. */
  nextDue(): number | undefined {
    return this.candidate ? this.candidate.firstSeen + this.debounceMs : undefined;
  }
}
