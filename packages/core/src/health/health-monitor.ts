import type { Agent, AgentState, HealthState, HealthTransition, ParsedInput, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { BackendEvent, ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import type { ScreenObserver, ScreenSubscription } from '../panes/screen-observer';
import type { Store } from '../store/store';
import { decide, type Decision } from './decide';
import { CUSTOM_SEQUENCE_IDENTITY, STATE_VARIABLE, parseDeclaredState } from './declared-state';
import { detectorFor } from './detectors/detector-for-kind';
import type { ScreenDetector, ScreenVerdict } from './detectors/screen-detector';
import { DEFAULT_TIMINGS, type Evidence, type HealthTimings, type RawSignal } from './evidence';
import { HealthHistory } from './health-history';
import { Heartbeats, type Heartbeat } from './heartbeats';
import { withSilence } from './hung';
import { stateOfHook } from './hook-states';
import { OutputRate } from './output-rate';
import { StateTracker, type TrackedState } from './state-tracker';

export interface HealthMonitorDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  /** The one reader of pane screens; health is one of its consumers. */
  observer: ScreenObserver;
  timings?: Partial<HealthTimings>;
  /** At most one screen read per pane per this many ms (trailing edge: the last change is always read). */
  minReadIntervalMs?: number;
  /** The read interval once a pane's screen verdict has been stable for `STABLE_AFTER_MS` while output flows. */
  busyReadIntervalMs?: number;
  /** Silence while `working` (ms) after which an agent is declared `hung`; default `defaultHungAfterMs`. */
  hungAfterMs?: (agent: Agent) => number;
}

/** TUI agents think out loud (spinners), yet a long tool call is quiet too: they get longer than a shell. */
export const defaultHungAfterMs = (agent: Pick<Agent, 'kind'>): number => (agent.kind === 'shell' || agent.kind === 'custom' ? 120_000 : 180_000);

/** The exit detail of an agent whose pane was closed while its process ran. */
export const PANE_CLOSED = 'pane closed while its process ran';

/** A screen verdict unchanged this long while output keeps flowing is read less often. */
const STABLE_AFTER_MS = 2000;

interface Watch {
  agent: Agent;
  detector: ScreenDetector;
  evidence: Evidence;
  tracker: StateTracker;
  rate: OutputRate;
  /** The pane's screens, as the observer reads them. */
  screens: ScreenSubscription | undefined;
  dueTimer: { at: number; cancel: () => void } | undefined;
  /** Process-exit reports for this pane (iTerm2 TerminateSession). */
  terminations: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const toSignals = (signals: RawSignal[]) => signals.map((s) => ({ source: s.source, state: s.state, detail: s.detail.slice(0, 300), at: iso(s.at) }));

/**
 * Watches every agent's pane and keeps its state: backend events (output, prompt marks, custom
 * sequences, variables, exit) and hook reports update the evidence; the screen observer hands over each
 * changed screen (throttled, never polled); `decide` and the debounced tracker turn evidence into a state; a change
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
  private readonly heartbeats: Heartbeats;
  /** Agents whose pane was closed from outside while or right after their process ran (not a crash). */
  private readonly closedByHand = new Set<string>();
  private closed = false;

  constructor(private readonly deps: HealthMonitorDeps) {
    this.history = new HealthHistory(deps.store);
    this.timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.minReadIntervalMs = deps.minReadIntervalMs ?? 50;
    this.busyReadIntervalMs = Math.max(this.minReadIntervalMs, deps.busyReadIntervalMs ?? 250);
    const hungAfterMs = deps.hungAfterMs ?? defaultHungAfterMs;
    this.heartbeats = new Heartbeats(
      deps.clock,
      (agentId) => {
        const watch = this.watches.get(agentId);
        return watch ? hungAfterMs(watch.agent) : defaultHungAfterMs({ kind: 'shell' });
      },
      (agentId, last, thresholdMs) => this.silenced(agentId, last, thresholdMs),
      (agentId) => this.revived(agentId),
    );
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

  /** A sign of life that is not terminal output: an MCP call by the agent, a hook, `health.heartbeat`. */
  heartbeat(agentId: string, source: Heartbeat['source']): void {
    if (this.closed || !this.watches.has(agentId)) return;
    this.heartbeats.beat(agentId, source);
  }

  /** The agent's last sign of life, if one was seen since it was watched. */
  lastHeartbeat(agentId: string): Heartbeat | undefined {
    return this.heartbeats.last(agentId);
  }

  /** Was the agent's pane closed from outside (by hand in the terminal), rather than its process ending by itself? */
  paneClosedByHand(agentId: string): boolean {
    return this.closedByHand.has(agentId);
  }

  /** Thresholds changed (recovery.configure): every heartbeat timer is set again. */
  rearmHeartbeats(): void {
    this.heartbeats.rearm();
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const watch of this.watches.values()) this.stopTimers(watch);
    this.heartbeats.close();
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
      tracker: new StateTracker(agent.state, Number.isNaN(since) ? this.deps.clock.now() : since, this.timings),
      rate: new OutputRate(),
      screens: undefined,
      dueTimer: undefined,
      terminations: 0,
    };
    this.watches.set(agent.id, watch);
    this.heartbeats.stateChanged(agent.id, agent.state);
    if (agent.paneId) {
      this.byPane.set(agent.paneId, agent.id);
      watch.screens = this.deps.observer.observe(agent.paneId, (screen) => this.onScreen(watch, screen), { intervalMs: () => this.readInterval(watch) });
    }
    return watch;
  }

  private unwatch(agentId: string): void {
    const watch = this.watches.get(agentId);
    if (!watch) return;
    this.stopTimers(watch);
    this.watches.delete(agentId);
    this.heartbeats.forget(agentId);
    if (watch.agent.paneId && this.byPane.get(watch.agent.paneId) === agentId) this.byPane.delete(watch.agent.paneId);
  }

  private stopTimers(watch: Watch): void {
    watch.screens?.stop();
    watch.screens = undefined;
    watch.dueTimer?.cancel();
    watch.dueTimer = undefined;
  }

  private onFleetEvent(event: SwitchboardEvent): void {
    if (event.type === 'agent.spawned') this.watch(event.agent);
    else if (event.type === 'agent.closed') {
      this.unwatch(event.agentId);
      this.closedByHand.delete(event.agentId);
    }
    else if (event.type === 'agent.updated') this.maybeRelaunched(event.agent);
  }

  /** A restart (in the same pane or a new one) starts the evidence over: the old process's exit no longer counts. */
  private maybeRelaunched(agent: Agent): void {
    const watch = this.watches.get(agent.id);
    if (!watch) return;
    const relaunched = agent.paneId !== watch.agent.paneId || (agent.state === 'starting' && watch.tracker.current.state !== 'starting');
    if (!relaunched) return;
    if (agent.paneId !== null) this.closedByHand.delete(agent.id);
    this.unwatch(agent.id);
    this.watch(agent);
  }

  private silenced(agentId: string, last: Heartbeat, thresholdMs: number): void {
    const watch = this.watches.get(agentId);
    if (!watch) return;
    watch.evidence.silence = { since: last.at, thresholdMs, at: this.deps.clock.now() };
    this.evaluate(watch);
  }

  private revived(agentId: string): void {
    const watch = this.watches.get(agentId);
    if (!watch?.evidence.silence) return;
    delete watch.evidence.silence;
    this.evaluate(watch);
  }

  private watchOfPane(paneId: string): Watch | undefined {
    const agentId = this.byPane.get(paneId);
    return agentId === undefined ? undefined : this.watches.get(agentId);
  }

  private onBackendEvent(event: BackendEvent): void {
    if (this.closed) return;
    if (event.type === 'backend.disconnected' || event.type === 'backend.reconnected') return this.backendReachable(event);
    if (!('paneId' in event)) return;
    const watch = this.watchOfPane(event.paneId);
    if (!watch) return;
    const now = this.deps.clock.now();
    const evidence = watch.evidence;
    switch (event.type) {
      case 'pane.output':
        evidence.lastOutputAt = now;
        watch.rate.record(now);
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
        evidence.alive = false;
        watch.terminations++;
        break;
      case 'pane.closed':
        // Closed while its process still ran: someone closed the pane (recovery leaves that alone). iTerm2
        // reports a process that ended by itself twice when it then closes the session ("close sessions
        // on end"); a pane closed by hand, once.
        if (evidence.alive || watch.terminations < 2) {
          if (evidence.alive) evidence.exitDetail = PANE_CLOSED;
          this.closedByHand.add(watch.agent.id);
        }
        evidence.alive = false;
        break;
      default:
        return;
    }
    this.evaluate(watch);
    if (event.type !== 'pane.exited' && event.type !== 'pane.closed') {
      this.heartbeats.beat(watch.agent.id, event.type === 'pane.output' ? 'output' : event.type === 'pane.prompt' ? 'prompt_mark' : 'state');
    }
  }

  /**
   * The terminal host went away or came back: every agent reads `unreachable` at once (not its last
   * state); on return the mark is lifted and each agent is decided afresh from a new screen read.
   */
  private backendReachable(event: Extract<BackendEvent, { type: 'backend.disconnected' | 'backend.reconnected' }>): void {
    const now = this.deps.clock.now();
    const backend = this.deps.backend.name;
    if (event.type === 'backend.disconnected') this.deps.bus.emit({ type: 'backend.disconnected', backend });
    else this.deps.bus.emit({ type: 'backend.reconnected', backend, gapMs: Math.max(0, Math.round(event.gapMs)) });
    for (const watch of this.watches.values()) {
      if (event.type === 'backend.disconnected') {
        watch.evidence.unreachable = { backend, at: now };
        this.evaluate(watch);
      } else if (watch.evidence.unreachable) {
        delete watch.evidence.unreachable;
        const update = watch.tracker.update({ ...decideNow(watch, now, this.timings), immediate: true }, now);
        if (update.changed) this.publish(watch, update.previous);
        // The observer reads every screen again after a reconnect.
      }
    }
  }

  /**
   * How soon after a change health wants the screen: at once-ish normally; less often for a busy pane
   * whose screen keeps saying the same thing (a build scrolling by), so a change after quiet is seen
   * without delay.
   */
  private readInterval(watch: Watch): number {
    const screen = watch.evidence.screen;
    return screen && this.deps.clock.now() - screen.since >= STABLE_AFTER_MS ? this.busyReadIntervalMs : this.minReadIntervalMs;
  }

  private onScreen(watch: Watch, screen: ScreenSnapshot): void {
    if (this.closed || this.watches.get(watch.agent.id) !== watch) return;
    this.noteScreen(watch, watch.detector.detect(screen));
    this.evaluate(watch);
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
    const update = watch.tracker.update(withSilence(decide(watch.evidence, now, this.timings), watch.evidence, watch.tracker.current.state, now), now);
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
    // Relaunched in another pane meanwhile (agent.restart): this watch's evidence is about a process that is gone.
    if (!stored || stored.paneId !== watch.agent.paneId) return;
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
    this.heartbeats.stateChanged(agent.id, health.state);
    this.deps.bus.emit({ type: 'agent.updated', agent });
    this.deps.bus.emit({ type: 'health.state_changed', agentId: agent.id, previous, health });
  }
}

/** What the evidence says now, or — when it says nothing — that the agent's state is unknown. */
function decideNow(watch: Watch, now: number, timings: HealthTimings): Decision {
  return decide(watch.evidence, now, timings) ?? { state: 'unknown', confidence: 'low', unsure: true, signals: [], decidedBy: 'none' };
}
