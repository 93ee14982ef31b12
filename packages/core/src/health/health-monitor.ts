import type { Agent, AgentState, HealthState, HealthTransition, ParsedInput, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { BackendEvent, TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { decide } from './decide';
import { CUSTOM_SEQUENCE_IDENTITY, STATE_VARIABLE, parseDeclaredState } from './declared-state';
import { detectorFor } from './detectors/detector-for-kind';
import type { ScreenDetector, ScreenVerdict } from './detectors/screen-detector';
import { DEFAULT_TIMINGS, type Evidence, type HealthTimings, type RawSignal } from './evidence';
import { HealthHistory } from './health-history';
import { stateOfHook } from './hook-states';
import { OutputRate } from './output-rate';
import { StateTracker, type TrackedState } from './state-tracker';

export interface HealthMonitorDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  timings?: Partial<HealthTimings>;
  /** At most one screen read per pane per this many ms (trailing edge: the last change is always read). */
  minReadIntervalMs?: number;
  /** The read interval once a pane's screen verdict has been stable for `STABLE_AFTER_MS` while output flows. */
  busyReadIntervalMs?: number;
}

/** A screen verdict unchanged this long while output keeps flowing is read less often. */
const STABLE_AFTER_MS = 2000;

interface Watch {
  agent: Agent;
  detector: ScreenDetector;
  evidence: Evidence;
  tracker: StateTracker;
  rate: OutputRate;
  reading: boolean;
  dirty: boolean;
  lastReadAt: number;
  readTimer: (() => void) | undefined;
  dueTimer: { at: number; cancel: () => void } | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const toSignals = (signals: RawSignal[]) => signals.map((s) => ({ source: s.source, state: s.state, detail: s.detail.slice(0, 300), at: iso(s.at) }));

/**
 * Watches every agent's pane and keeps its state: backend events (output, prompt marks, custom
 * sequences, variables, exit) and hook reports update the evidence; output triggers a screen read
 * (throttled, never polled); `decide` and the debounced tracker turn evidence into a state; a change
 * is stored, shown on the pane's badge (the team colour is left alone) and streamed as
 * `agent.updated` + `health.state_changed`.
 */
export class HealthMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly byPane = new Map<string, string>();
  private readonly history: HealthHistory;
  private readonly timings: HealthTimings;
  private readonly minReadIntervalMs: number;
  private readonly busyReadIntervalMs: number;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: HealthMonitorDeps) {
    this.history = new HealthHistory(deps.store);
    this.timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.minReadIntervalMs = deps.minReadIntervalMs ?? 50;
    this.busyReadIntervalMs = Math.max(this.minReadIntervalMs, deps.busyReadIntervalMs ?? 250);
    this.unsubscribes.push(deps.backend.onEvent((event) => this.onBackendEvent(event)));
    this.unsubscribes.push(deps.bus.subscribe((event) => this.onFleetEvent(event)));
    for (const agent of deps.fleet.listAgents()) this.watch(agent);
  }

  /** The current state of an agent (by id or name). */
  get(agentRef: string): HealthState {
    const agent = this.deps.fleet.requireAgent(agentRef);
    const watch = this.watches.get(agent.id);
    if (!watch) return { agentId: agent.id, state: agent.state, since: agent.stateSince, confidence: 'low', signals: [], unsure: false, detector: detectorFor(agent.kind).name };
    return this.healthOf(watch);
  }

  historyOf(agentRef: string, limit: number) {
    const current = this.get(agentRef);
    const watch = this.watches.get(current.agentId);
    const rate = watch?.rate ?? new OutputRate();
    return {
      agentId: current.agentId,
      current,
      transitions: this.history.recent(current.agentId, limit),
      outputRate: { bucketMs: rate.bucketMs, points: rate.series(this.deps.clock.now()).map((p) => ({ at: iso(p.at), updates: p.updates })) },
    };
  }

  /** A Claude Code hook the agent's CLI ran; hooks outrank every heuristic. */
  reportHook(agentId: string, report: ParsedInput<'health.reportHook'>): { agentId: string; state: AgentState } {
    const agent = this.deps.fleet.requireAgent(agentId);
    const watch = this.watches.get(agent.id) ?? this.watch(agent);
    const said = stateOfHook(report);
    if (said) {
      watch.evidence.hook = { ...said, at: this.deps.clock.now() };
      this.evaluate(watch);
    }
    return { agentId: agent.id, state: watch.tracker.current.state };
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const watch of this.watches.values()) this.stopTimers(watch);
    this.watches.clear();
    this.byPane.clear();
  }

  private watch(agent: Agent): Watch {
    const existing = this.watches.get(agent.id);
    if (existing) return existing;
    const since = Date.parse(agent.stateSince);
    const watch: Watch = {
      agent,
      detector: detectorFor(agent.kind),
      evidence: { kind: agent.kind, alive: true },
      tracker: new StateTracker(agent.state, Number.isNaN(since) ? this.deps.clock.now() : since, this.timings.debounceMs),
      rate: new OutputRate(),
      reading: false,
      dirty: false,
      lastReadAt: -Infinity,
      readTimer: undefined,
      dueTimer: undefined,
    };
    this.watches.set(agent.id, watch);
    if (agent.paneId) {
      this.byPane.set(agent.paneId, agent.id);
      this.scheduleRead(watch);
    }
    return watch;
  }

  private unwatch(agentId: string): void {
    const watch = this.watches.get(agentId);
    if (!watch) return;
    this.stopTimers(watch);
    this.watches.delete(agentId);
    if (watch.agent.paneId) this.byPane.delete(watch.agent.paneId);
  }

  private stopTimers(watch: Watch): void {
    watch.readTimer?.();
    watch.readTimer = undefined;
    watch.dueTimer?.cancel();
    watch.dueTimer = undefined;
  }

  private onFleetEvent(event: SwitchboardEvent): void {
    if (event.type === 'agent.spawned') this.watch(event.agent);
    else if (event.type === 'agent.closed') this.unwatch(event.agentId);
  }

  private watchOfPane(paneId: string): Watch | undefined {
    const agentId = this.byPane.get(paneId);
    return agentId === undefined ? undefined : this.watches.get(agentId);
  }

  private onBackendEvent(event: BackendEvent): void {
    if (this.closed || !('paneId' in event)) return;
    const watch = this.watchOfPane(event.paneId);
    if (!watch) return;
    const now = this.deps.clock.now();
    const evidence = watch.evidence;
    switch (event.type) {
      case 'pane.output':
        evidence.lastOutputAt = now;
        watch.rate.record(now);
        this.scheduleRead(watch);
        break;
      case 'pane.prompt':
        if (event.phase === 'prompt') evidence.prompt = { phase: 'prompt', lastExitStatus: evidence.prompt?.lastExitStatus, at: now };
        else if (event.phase === 'command.started') evidence.prompt = { phase: 'running', lastExitStatus: undefined, at: now };
        else evidence.prompt = { phase: evidence.prompt?.phase ?? 'running', lastExitStatus: event.exitStatus ?? 0, at: now };
        break;
      case 'pane.escape': {
        if (event.identity !== CUSTOM_SEQUENCE_IDENTITY) return;
        const state = parseDeclaredState(event.payload);
        if (!state) return;
        evidence.declared = { state, detail: 'declared by an OSC 1337 custom escape sequence', at: now };
        break;
      }
      case 'variable.changed': {
        if (event.name !== STATE_VARIABLE) return;
        const state = parseDeclaredState(event.value);
        if (state) evidence.declared = { state, detail: `declared in ${STATE_VARIABLE}`, at: now };
        else delete evidence.declared;
        break;
      }
      case 'pane.exited':
      case 'pane.closed':
        evidence.alive = false;
        break;
      default:
        return;
    }
    this.evaluate(watch);
  }

  /** Reads the screen soon: at once when idle, else on the trailing edge of the throttle window. */
  private scheduleRead(watch: Watch): void {
    if (watch.reading) {
      watch.dirty = true;
      return;
    }
    if (watch.readTimer) return;
    const now = this.deps.clock.now();
    // A busy pane whose screen keeps saying the same thing (a build scrolling by) costs fewer reads; a
    // pane that was quiet is read at once, so a change after quiet is seen without delay.
    const screen = watch.evidence.screen;
    const interval = screen && now - screen.since >= STABLE_AFTER_MS ? this.busyReadIntervalMs : this.minReadIntervalMs;
    const wait = watch.lastReadAt + interval - now;
    if (wait <= 0) {
      void this.read(watch);
      return;
    }
    watch.readTimer = this.deps.clock.setTimeout(() => {
      watch.readTimer = undefined;
      void this.read(watch);
    }, wait);
  }

  private async read(watch: Watch): Promise<void> {
    const paneId = watch.agent.paneId;
    if (!paneId || this.closed) return;
    watch.reading = true;
    watch.dirty = false;
    watch.lastReadAt = this.deps.clock.now();
    try {
      const screen = await this.deps.backend.readScreen(paneId);
      if (this.closed || this.watches.get(watch.agent.id) !== watch) return;
      this.noteScreen(watch, watch.detector.detect(screen));
      this.evaluate(watch);
    } catch {
      // The pane may be gone; its exit arrives as an event.
    } finally {
      watch.reading = false;
      if (watch.dirty && !this.closed) this.scheduleRead(watch);
    }
  }

  private noteScreen(watch: Watch, verdict: ScreenVerdict | undefined): void {
    const now = this.deps.clock.now();
    const before = watch.evidence.screen;
    const same = before !== undefined && before.verdict?.state === verdict?.state;
    watch.evidence.screen = { verdict, since: same ? before.since : now, at: now };
  }

  private evaluate(watch: Watch): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    const update = watch.tracker.update(decide(watch.evidence, now, this.timings), now);
    if (update.changed) this.publish(watch, update.previous);
    this.scheduleDue(watch, now);
  }

  /** Re-decides when time alone can change the answer: a candidate matures, output goes quiet, a hook goes stale. */
  private scheduleDue(watch: Watch, now: number): void {
    const { evidence, tracker } = watch;
    const times: number[] = [];
    const due = tracker.nextDue();
    if (due !== undefined) times.push(due);
    if (evidence.lastOutputAt !== undefined) times.push(evidence.lastOutputAt + this.timings.outputRecentMs);
    if (evidence.screen) {
      times.push(evidence.screen.since + this.timings.unsureAfterMs);
      if (evidence.hook) times.push(Math.max(evidence.screen.since, evidence.hook.at) + this.timings.hookStaleMs);
    }
    const next = Math.min(...times.filter((t) => t > now));
    if (!Number.isFinite(next)) return;
    if (watch.dueTimer && watch.dueTimer.at <= next && watch.dueTimer.at > now) return;
    watch.dueTimer?.cancel();
    const cancel = this.deps.clock.setTimeout(() => {
      watch.dueTimer = undefined;
      this.evaluate(watch);
    }, next - now);
    watch.dueTimer = { at: next, cancel };
  }

  private healthOf(watch: Watch): HealthState {
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

  private publish(watch: Watch, previous: AgentState): void {
    const health = this.healthOf(watch);
    const stored = this.deps.fleet.repository.findAgent(watch.agent.id);
    if (!stored) return;
    const agent: Agent = { ...stored, state: health.state, stateSince: health.since };
    const transition: HealthTransition = { state: health.state, since: health.since, confidence: health.confidence, unsure: health.unsure, signals: health.signals };
    this.deps.store.transaction(() => {
      this.deps.fleet.repository.updateAgent(agent);
      this.history.append(agent.id, transition);
    });
    watch.agent = agent;
    if (agent.paneId) {
      const label = `${health.state.replaceAll('_', ' ')}${health.unsure ? ' ?' : ''}`;
      this.deps.backend.setAppearance(agent.paneId, { badge: `${agent.name}\n${agent.role} · ${label}` }).catch(() => undefined);
    }
    this.deps.bus.emit({ type: 'agent.updated', agent });
    this.deps.bus.emit({ type: 'health.state_changed', agentId: agent.id, previous, health });
  }
}
