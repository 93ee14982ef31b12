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

/**
 * Sources that are explicit reports, not readings: they change the state at once. OSC 133 marks are
 * the shell's own word that a prompt is drawn or a command runs; process exit, hooks and declared
 * states are the agent's (or the terminal's) own word.
 */
const EXPLICIT: ReadonlySet<SignalSource | 'none'> = new Set(['process', 'hook', 'declared', 'prompt_mark']);

export interface TrackerUpdate {
  /** The state changed; `previous` is the one it left. */
  changed: boolean;
  previous: AgentState;
}

/** How long a heuristic state must hold before it replaces the current one (ms). */
export interface DebounceTimings {
  /** While the screen settles: a new verdict that holds this long is taken. */
  debounceMs: number;
  /** The longest hold, while the screen flickers (each recent flicker doubles the hold up to this). */
  flickerDebounceMs: number;
  /** A flicker counts for this long. */
  flickerWindowMs: number;
}

/**
 * The debounced state machine of one agent. A heuristic state (screen, output) replaces the current
 * one only after every decision for its hold agreed, so a noisy screen cannot flip the state faster
 * than that. The hold adapts: `debounceMs` while the screen settles, doubled for every flicker in the
 * last `flickerWindowMs`, at most `flickerDebounceMs`. A flicker is a reversal: the decisions went back
 * to the current state before a candidate's hold was over, or a heuristic state was left for the one
 * before it within twice `debounceMs`. Moving on to a third state is progress, not a flicker.
 * Explicit reports (process exit, hooks, declared states, OSC 133 marks) apply at once.
 */
export class StateTracker {
  /** A heuristic state the decisions moved to, waiting out its hold; `decision` is the latest one for it. */
  private candidate: { state: AgentState; firstSeen: number; holdMs: number; decision: Decision } | undefined;
  /** When recent candidates were abandoned, oldest first. */
  private flickers: number[] = [];
  /** The state before the current one, while the current one came from a heuristic commit. */
  private before: AgentState | undefined;
  private readonly timings: DebounceTimings;
  current: TrackedState;

  constructor(initial: AgentState, since: number, timings: DebounceTimings | number) {
    this.timings =
      typeof timings === 'number'
        ? { debounceMs: timings, flickerDebounceMs: timings, flickerWindowMs: 0 }
        : timings;
    this.current = { state: initial, since, confidence: 'low', unsure: false, signals: [] };
  }

  update(decision: Decision | undefined, now: number): TrackerUpdate {
    const previous = this.current.state;
    if (!decision) {
      // Nothing says anything now. A candidate whose hold is over was never contradicted: it is taken, as it
      // would have been had the re-decision come on time (under load a timer can fire seconds late, after the
      // evidence went quiet: a program that printed once must not stay `starting` for that).
      const matured =
        this.candidate && now - this.candidate.firstSeen >= this.candidate.holdMs
          ? this.candidate
          : undefined;
      this.candidate = undefined;
      return matured ? this.commitHeuristic(matured.decision, now, previous) : { changed: false, previous };
    }
    if (decision.state === this.current.state) {
      if (this.candidate) this.flickers.push(now);
      this.candidate = undefined;
      this.current = {
        ...this.current,
        confidence: decision.confidence,
        unsure: decision.unsure,
        signals: decision.signals,
      };
      return { changed: false, previous };
    }
    if (decision.immediate || EXPLICIT.has(decision.decidedBy)) {
      this.before = undefined;
      return this.commit(decision, now, previous);
    }
    if (this.candidate?.state !== decision.state)
      this.candidate = { state: decision.state, firstSeen: now, holdMs: this.holdMs(now), decision };
    else this.candidate.decision = decision;
    if (now - this.candidate.firstSeen < this.candidate.holdMs) return { changed: false, previous };
    return this.commitHeuristic(decision, now, previous);
  }

  /** Takes a heuristic state whose hold is over; going back to the state before within twice the debounce is a flicker. */
  private commitHeuristic(decision: Decision, now: number, previous: AgentState): TrackerUpdate {
    if (decision.state === this.before && now - this.current.since < 2 * this.timings.debounceMs)
      this.flickers.push(now);
    this.before = previous;
    return this.commit(decision, now, previous);
  }

  private commit(decision: Decision, now: number, previous: AgentState): TrackerUpdate {
    this.candidate = undefined;
    this.current = {
      state: decision.state,
      since: now,
      confidence: decision.confidence,
      unsure: decision.unsure,
      signals: decision.signals,
    };
    return { changed: true, previous };
  }

  /** When a pending candidate matures (the caller re-decides then), if there is one. */
  nextDue(): number | undefined {
    return this.candidate ? this.candidate.firstSeen + this.candidate.holdMs : undefined;
  }

  /** The hold a candidate seen now must last: short when the screen has settled, longer after flickers. */
  holdMs(now: number): number {
    const { debounceMs, flickerDebounceMs, flickerWindowMs } = this.timings;
    this.flickers = this.flickers.filter((at) => now - at < flickerWindowMs);
    return Math.min(Math.max(debounceMs, flickerDebounceMs), debounceMs * 2 ** this.flickers.length);
  }
}
