import type { AgentState, HeartbeatSource } from '@switchboard/protocol';
import type { Clock } from '../ports/clock';

/** An agent's last sign of life. */
export interface Heartbeat {
  at: number;
  source: HeartbeatSource;
}

interface Beating {
  last: Heartbeat | undefined;
  working: boolean;
  silent: boolean;
  timer: (() => void) | undefined;
}

/**
 * Heartbeats per agent, and one timer per agent on the Clock: while an agent is `working`, the timer
 * is set to its last heartbeat plus its threshold, so silence is noticed when it passes (no polling).
 * An idle or waiting agent is silent by design and has no timer. `onSilent` fires once per silence;
 * `onAlive` fires when a heartbeat ends one.
 */
export class Heartbeats {
  private readonly agents = new Map<string, Beating>();

  constructor(
    private readonly clock: Clock,
    /** Silence while working (ms) after which the agent counts as hung. */
    private readonly thresholdOf: (agentId: string) => number,
    private readonly onSilent: (agentId: string, last: Heartbeat, thresholdMs: number) => void,
    private readonly onAlive: (agentId: string, beat: Heartbeat) => void,
  ) {}

  last(agentId: string): Heartbeat | undefined {
    return this.agents.get(agentId)?.last;
  }

  /** A sign of life: resets the agent's timer and ends a silence. */
  beat(agentId: string, source: HeartbeatSource): void {
    const beating = this.entry(agentId);
    const beat = { at: this.clock.now(), source };
    beating.last = beat;
    if (beating.silent) {
      beating.silent = false;
      this.onAlive(agentId, beat);
    }
    // A set timer finds the newer beat when it fires and sets itself again: no timer churn per output.
    if (!beating.timer) this.arm(agentId, beating);
  }

  /** The agent's state changed: entering `working` counts as a heartbeat; leaving it stops the timer. */
  stateChanged(agentId: string, state: AgentState): void {
    const beating = this.entry(agentId);
    if (state === 'hung') return;
    const working = state === 'working';
    if (working && !beating.working) beating.last = { at: this.clock.now(), source: 'state' };
    beating.working = working;
    if (!working) beating.silent = false;
    this.arm(agentId, beating);
  }

  /** Thresholds changed: every timer is set again. */
  rearm(): void {
    for (const [agentId, beating] of this.agents) this.arm(agentId, beating);
  }

  forget(agentId: string): void {
    this.agents.get(agentId)?.timer?.();
    this.agents.delete(agentId);
  }

  close(): void {
    for (const beating of this.agents.values()) beating.timer?.();
    this.agents.clear();
  }

  private entry(agentId: string): Beating {
    let beating = this.agents.get(agentId);
    if (!beating) {
      beating = { last: undefined, working: false, silent: false, timer: undefined };
      this.agents.set(agentId, beating);
    }
    return beating;
  }

  private arm(agentId: string, beating: Beating): void {
    beating.timer?.();
    beating.timer = undefined;
    if (!beating.working || beating.silent || !beating.last) return;
    const threshold = this.thresholdOf(agentId);
    const due = beating.last.at + threshold;
    beating.timer = this.clock.setTimeout(
      () => {
        beating.timer = undefined;
        if (!beating.working || beating.silent || !beating.last) return;
        if (this.clock.now() < beating.last.at + threshold) return this.arm(agentId, beating);
        beating.silent = true;
        this.onSilent(agentId, beating.last, threshold);
      },
      Math.max(0, due - this.clock.now()),
    );
  }
}
