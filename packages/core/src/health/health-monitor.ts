import type { Agent, AgentState, HealthState, ParsedInput, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { BackendEvent, ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import type { ScreenObserver } from '../panes/screen-observer';
import type { Store } from '../store/store';
import { AskingHuman } from './asking-human';
import { noteBackendReachable, type ReachabilityDeps } from './backend-reachable';
import { decide } from './decide';
import { detectorFor } from './detectors/detector-for-kind';
import type { ScreenVerdict } from './detectors/screen-detector';
import { EarlyEnds } from './early-ends';
import { DEFAULT_TIMINGS, type HealthTimings } from './evidence';
import { HealthHistory } from './health-history';
import { publishHealth } from './health-publish';
import { healthOf, iso, type Watch } from './health-watch';
import { scheduleDue } from './due-timer';
import { Heartbeats, type Heartbeat } from './heartbeats';
import { withSilence } from './hung';
import { stateOfHook } from './hook-states';
import { OutputRate } from './output-rate';
import { STATE_VARIABLE, parseDeclaredState } from './declared-state';
import { applyPaneEvent, heartbeatSourceOf, printedBeforeWatch } from './pane-evidence';
import { StateTracker } from './state-tracker';

export interface HealthMonitorDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  /** The one reader of pane screens; health is one of its consumers. */
  observer: ScreenObserver;
  timings?: Partial<HealthTimings>;
  /** How soon after a change health wants the screen (the observer reads on the trailing edge). */
  minReadIntervalMs?: number;
  /** The read interval once a pane's screen verdict has been stable for `STABLE_AFTER_MS` while output flows. */
  busyReadIntervalMs?: number;
  /** Silence while `working` (ms) after which an agent is declared `hung`; default `defaultHungAfterMs`. */
  hungAfterMs?: (agent: Agent) => number;
}

/** TUI agents think out loud (spinners), yet a long tool call is quiet too: they get longer than a shell. */
export const defaultHungAfterMs = (agent: Pick<Agent, 'kind'>): number =>
  agent.kind === 'shell' || agent.kind === 'custom' ? 120_000 : 180_000;

/** A screen verdict unchanged this long while output keeps flowing is read less often. */
const STABLE_AFTER_MS = 2000;

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
  private readonly noteClosedByHand = (agentId: string) => void this.closedByHand.add(agentId);
  /** Agents waiting for a person's decision: silent by design, never `hung` for it. */
  private readonly asking = new AskingHuman();
  /** Ends of panes with no watch yet: a program that ended while its spawn was being recorded. */
  private readonly earlyEnds = new EarlyEnds();
  private closed = false;
  private readonly reachability: ReachabilityDeps;
  /** How many times an agent's evidence was decided (all agents): what detection does per event, for tests and benches. */
  decisions = 0;

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
    this.reachability = {
      bus: deps.bus,
      backend: deps.backend,
      timings: this.timings,
      evaluate: (watch) => this.evaluate(watch),
      publish: (watch, previous) => this.publish(watch, previous),
    };
    this.unsubscribes.push(deps.backend.onEvent((event) => this.onBackendEvent(event)));
    this.unsubscribes.push(deps.bus.subscribe((event) => this.onFleetEvent(event)));
    for (const agent of deps.fleet.listAgents()) this.watch(agent);
  }

  /** The current state of an agent (by id or name). */
  get(agentRef: string): HealthState {
    const agent = this.deps.fleet.requireAgent(agentRef);
    const watch = this.watches.get(agent.id);
    if (!watch)
      return {
        agentId: agent.id,
        state: agent.state,
        since: agent.stateSince,
        confidence: 'low',
        signals: [],
        unsure: false,
        detector: detectorFor(agent.kind).name,
      };
    return healthOf(watch);
  }

  historyOf(agentRef: string, limit: number) {
    const current = this.get(agentRef);
    const watch = this.watches.get(current.agentId);
    const rate = watch?.rate ?? new OutputRate();
    return {
      agentId: current.agentId,
      current,
      transitions: this.history.recent(current.agentId, limit),
      outputRate: {
        bucketMs: rate.bucketMs,
        points: rate.series(this.deps.clock.now()).map((p) => ({ at: iso(p.at), updates: p.updates })),
      },
    };
  }

  /** A hook the agent's CLI ran (Claude Code's hooks, Codex's notify); Claude Code's outrank every heuristic. */
  reportHook(
    agentId: string,
    report: ParsedInput<'health.reportHook'>,
  ): { agentId: string; state: AgentState } {
    const agent = this.deps.fleet.requireAgent(agentId);
    const watch = this.watches.get(agent.id) ?? this.watch(agent);
    // Codex's notify reports finished turns only (never the next turn's start): it names the conversation but
    // is no state evidence, or a stale "idle" would outrank the screen well into Codex's next turn.
    const said = agent.kind === 'codex' ? undefined : stateOfHook(report);
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

  /** Did the agent's program end by itself (its pane not closed by hand)? Its pane closing then is no loss. */
  programEnded(agent: Pick<Agent, 'id' | 'paneId'>): boolean {
    const watch = this.watches.get(agent.id);
    if (!watch) return agent.paneId !== null && this.earlyEnds.programEnded(agent.paneId);
    return !watch.evidence.alive && !this.closedByHand.has(agent.id);
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

  /**
   * `readDeclared`: also read the state the pane's program declared before the pane was this agent's (an
   * adopted pane, a spawn whose program declared at once, a host restart): no change event tells of it.
   * Not after a restart in the same pane, where the variable still holds the old process's declaration.
   */
  private watch(agent: Agent, readDeclared = true): Watch {
    const existing = this.watches.get(agent.id);
    if (existing) return existing;
    const since = Date.parse(agent.stateSince);
    const watch: Watch = {
      agent,
      detector: detectorFor(agent.kind),
      evidence: { kind: agent.kind, alive: true },
      tracker: new StateTracker(
        agent.state,
        Number.isNaN(since) ? this.deps.clock.now() : since,
        this.timings,
      ),
      rate: new OutputRate(),
      screens: undefined,
      dueTimer: undefined,
      terminations: 0,
    };
    this.watches.set(agent.id, watch);
    this.heartbeats.stateChanged(agent.id, agent.state);
    if (agent.paneId) {
      this.byPane.set(agent.paneId, agent.id);
      watch.screens = this.deps.observer.observe(agent.paneId, (screen) => this.onScreen(watch, screen), {
        intervalMs: () => this.readInterval(watch),
        acceptsBusyPace: () => this.verdictHolds(watch),
      });
      if (readDeclared) this.readDeclared(watch, agent.paneId);
      const ends = this.earlyEnds.take(agent.paneId);
      const now = this.deps.clock.now();
      for (const end of ends)
        applyPaneEvent(watch, end, now, this.timings.outputRecentMs, this.noteClosedByHand);
      if (ends.length > 0) this.evaluate(watch);
    }
    return watch;
  }

  private readDeclared(watch: Watch, paneId: string): void {
    this.deps.backend.getVariable(paneId, STATE_VARIABLE).then(
      (value) => {
        // A declaration that arrived meanwhile is newer; a watch replaced meanwhile is not this one.
        if (this.closed || this.watches.get(watch.agent.id) !== watch || watch.evidence.declared) return;
        const state = value === undefined ? undefined : parseDeclaredState(value);
        if (!state) return;
        const at = this.deps.clock.now();
        watch.evidence.declared = { state, detail: `declared in ${STATE_VARIABLE}`, at };
        this.evaluate(watch);
      },
      // Swallowed on purpose: a pane already gone says so through its own events.
      () => undefined,
    );
  }

  private unwatch(agentId: string): void {
    const watch = this.watches.get(agentId);
    if (!watch) return;
    this.stopTimers(watch);
    this.watches.delete(agentId);
    this.heartbeats.forget(agentId);
    if (watch.agent.paneId && this.byPane.get(watch.agent.paneId) === agentId)
      this.byPane.delete(watch.agent.paneId);
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
      this.asking.forget(event.agentId);
    } else if (event.type === 'agent.updated') this.maybeRelaunched(event.agent);
    else {
      // The person answered: the agent goes on from here, so its silence clock starts again.
      const answered = this.asking.follow(
        event,
        (agentId) => this.watches.get(agentId)?.tracker.current.state === 'hung',
      );
      if (answered !== undefined) this.heartbeat(answered, 'state');
    }
  }

  /** A restart (in the same pane or a new one) starts the evidence over: the old process's exit no longer counts. */
  private maybeRelaunched(agent: Agent): void {
    const watch = this.watches.get(agent.id);
    if (!watch) return;
    const relaunched =
      agent.paneId !== watch.agent.paneId ||
      (agent.state === 'starting' && watch.tracker.current.state !== 'starting');
    if (!relaunched) return;
    if (agent.paneId !== null) this.closedByHand.delete(agent.id);
    this.unwatch(agent.id);
    this.watch(agent, agent.paneId !== watch.agent.paneId);
  }

  private silenced(agentId: string, last: Heartbeat, thresholdMs: number): void {
    const watch = this.watches.get(agentId);
    // Waiting for the human is not hung: the heartbeat timer is set again when the item is settled.
    if (!watch || this.asking.isAsking(agentId)) return;
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
    if (event.type === 'backend.disconnected' || event.type === 'backend.reconnected')
      return noteBackendReachable(event, this.watches.values(), this.deps.clock.now(), this.reachability);
    if (!('paneId' in event)) return;
    const watch = this.watchOfPane(event.paneId);
    if (!watch) {
      if (event.type === 'pane.exited' || event.type === 'pane.closed') this.earlyEnds.note(event);
      return;
    }
    const now = this.deps.clock.now();
    if (applyPaneEvent(watch, event, now, this.timings.outputRecentMs, this.noteClosedByHand))
      this.evaluate(watch);
    else if (event.type !== 'pane.output') return;
    const source = heartbeatSourceOf(event);
    if (source) this.heartbeats.beat(watch.agent.id, source);
  }

  /** How soon after a change health wants the screen: a screen that keeps saying the same thing, less often. */
  private readInterval(watch: Watch): number {
    return this.verdictHolds(watch) ? this.busyReadIntervalMs : this.minReadIntervalMs;
  }

  /** The verdict held `STABLE_AFTER_MS`: the observer's busy pace will do while output flows (a pause is read at once). */
  private verdictHolds({ evidence: { screen } }: Watch): boolean {
    return screen !== undefined && this.deps.clock.now() - screen.since >= STABLE_AFTER_MS;
  }

  private onScreen(watch: Watch, screen: ScreenSnapshot): void {
    if (this.closed || this.watches.get(watch.agent.id) !== watch) return;
    printedBeforeWatch(watch, screen, this.deps.clock.now());
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
    this.decisions++;
    const now = this.deps.clock.now();
    const update = watch.tracker.update(
      withSilence(
        decide(watch.evidence, now, this.timings),
        watch.evidence,
        watch.tracker.current.state,
        now,
      ),
      now,
    );
    if (update.changed) this.publish(watch, update.previous);
    this.scheduleDue(watch, now);
  }

  /** Re-decides when time alone can change the answer: a candidate matures, output goes quiet, a hook goes stale. */
  private scheduleDue(watch: Watch, now: number): void {
    scheduleDue(watch, now, this.timings, this.deps.clock, () => this.evaluate(watch));
  }

  private publish(watch: Watch, previous: AgentState): void {
    const { store, fleet, backend, bus } = this.deps;
    const stored = (agentId: string, state: AgentState) => this.heartbeats.stateChanged(agentId, state);
    publishHealth({ store, fleet, backend, bus, history: this.history, stored }, watch, previous);
  }
}
