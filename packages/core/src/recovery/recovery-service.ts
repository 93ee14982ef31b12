import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentRecoveryStatus, AgentState, ParsedInput, RecoveryLogEntry, RecoveryPolicy, RecoveryStep, SwitchboardEvent } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { HealthMonitor } from '../health/health-monitor';
import { PANE_CLOSED } from '../health/pane-evidence';
import type { Clock } from '../ports/clock';
import { RateLimiter } from '../roles/rate-limiter';
import type { RecoveryActions } from './recovery-actions';
import {
  inTrouble, iso, newAgentRecovery, newEpisode, nextStep, problemOf, recoveryStatus, seconds, triedSteps, type AgentRecovery, type Episode,
} from './recovery-episode';
import { mergePolicy } from './recovery-policy';
import type { NewLogEntry, RecoveryLog } from './recovery-log';
import type { RecoverySettings } from './recovery-settings';

export interface RecoveryDeps {
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  health: HealthMonitor;
  approvals: ApprovalQueue;
  actions: RecoveryActions;
  settings: RecoverySettings;
  log: RecoveryLog;
}

const FLEET = 'fleet';

/**
 * The recovery ladder. A `hung` or `exited` agent starts an episode; the steps of that trigger's ladder
 * run in order, each up to its attempts, each followed by a cool-down in which the agent may show signs
 * of life; the episode ends as recovered once the agent stays out of trouble for `recoveredAfterMs`.
 * Every automatic step also takes a token from one fleet-wide bucket. Failed steps (and relapses soon
 * after a recovery) count toward a per-agent breaker: when it opens, automatic recovery stops for that
 * agent and one escalation goes to the human. Everything is logged, and pauses and breakers persist.
 */
export class RecoveryService {
  private readonly agents = new Map<string, AgentRecovery>();
  private readonly limiter: RateLimiter;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: RecoveryDeps) {
    this.limiter = new RateLimiter(deps.clock);
  }

  start(): void {
    this.unsubscribes.push(this.deps.bus.subscribe((event) => this.onEvent(event)));
    this.unsubscribes.push(this.deps.approvals.onDidDecide((approval) => this.onDecided(approval.id, approval.decision?.verdict === 'approve' && approval.decision.choice !== 'leave it')));
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const recovery of this.agents.values()) this.endEpisode(recovery);
    this.agents.clear();
  }

  policy(): RecoveryPolicy {
    return this.deps.settings.policy();
  }

  configure(patch: ParsedInput<'recovery.configure'>): RecoveryPolicy {
    const policy = mergePolicy(this.policy(), patch);
    this.deps.settings.setPolicy(policy);
    this.deps.health.rearmHeartbeats();
    return policy;
  }

  /** An explicit `health.heartbeat` from the agent itself. */
  heartbeat(agentId: string): { agentId: string; at: string } {
    const agent = this.deps.fleet.requireAgent(agentId);
    this.deps.health.heartbeat(agent.id, 'explicit');
    return { agentId: agent.id, at: iso(this.deps.clock.now()) };
  }

  // ── pause ──────────────────────────────────────────────────────────────────────────────────────

  setPaused(paused: boolean, agentRef: string | undefined, reason: string | undefined): { paused: boolean; agentId: string | null } {
    const agent = agentRef === undefined ? undefined : this.deps.fleet.requireAgent(agentRef);
    if (agent) {
      const switches = this.deps.settings.agent(agent.id);
      if (switches.paused !== paused) this.deps.settings.setAgent(agent.id, { ...switches, paused });
    } else if (this.deps.settings.fleetPaused() !== paused) {
      this.deps.settings.setFleetPaused(paused);
    }
    const target = { id: agent?.id ?? FLEET, name: agent?.name ?? FLEET };
    this.append(target, { action: paused ? 'paused' : 'resumed', trigger: null, outcome: 'ok', reason: reason ?? 'asked by the human', detail: agent ? 'this agent' : 'the whole fleet', attempt: 0 });
    if (paused) this.deps.bus.emit({ type: 'recovery.paused', agentId: agent?.id ?? null, reason: reason ?? null });
    else {
      this.deps.bus.emit({ type: 'recovery.resumed', agentId: agent?.id ?? null });
      for (const [agentId, recovery] of this.agents) {
        if (agent && agentId !== agent.id) continue;
        if (recovery.episode) recovery.episode.pausedLogged = false;
        void this.advance(agentId);
      }
    }
    return { paused, agentId: agent?.id ?? null };
  }

  // ── status, log, reset ─────────────────────────────────────────────────────────────────────────

  status(agentRef: string | undefined): { paused: boolean; agents: AgentRecoveryStatus[]; rateTokens: number } {
    const agents = agentRef === undefined ? this.deps.fleet.listAgents() : [this.deps.fleet.requireAgent(agentRef)];
    const policy = this.policy();
    const fleetPaused = this.deps.settings.fleetPaused();
    return { paused: fleetPaused, agents: agents.map((agent) => this.statusOf(agent, policy, fleetPaused)), rateTokens: this.limiter.peek(FLEET, policy.globalRate) };
  }

  logEntries(input: ParsedInput<'recovery.log'>): RecoveryLogEntry[] {
    const agentId = input.agent === undefined ? undefined : (this.deps.fleet.repository.findAgent(input.agent)?.id ?? input.agent);
    const time = (text: string | undefined, field: string) => {
      if (text === undefined) return undefined;
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw new SwitchboardError('invalid_input', `${field} is not an ISO-8601 time: "${text}"`);
      return ms;
    };
    const sinceMs = time(input.since, 'since');
    const untilMs = time(input.until, 'until');
    return this.deps.log.query({
      limit: input.limit,
      ...(agentId === undefined ? {} : { agentId }),
      ...(input.action === undefined ? {} : { action: input.action }),
      ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
      ...(sinceMs === undefined ? {} : { sinceMs }),
      ...(untilMs === undefined ? {} : { untilMs }),
    });
  }

  /** Closes the breaker, forgets failures and starts over if the agent is still in trouble. */
  reset(agentRef: string, why = 'reset by the human'): AgentRecoveryStatus {
    const agent = this.deps.fleet.requireAgent(agentRef);
    const switches = this.deps.settings.agent(agent.id);
    const recovery = this.entry(agent.id);
    this.endEpisode(recovery);
    recovery.failures = [];
    recovery.lastRecoveredAt = undefined;
    if (switches.breakerOpen) {
      this.deps.settings.setAgent(agent.id, { ...switches, breakerOpen: false, escalationId: null });
      this.append(agent, { action: 'breaker_closed', trigger: null, outcome: 'ok', reason: why, detail: 'automatic recovery may act again', attempt: 0 });
      this.deps.bus.emit({ type: 'recovery.breaker_closed', agentId: agent.id });
    }
    this.onState(agent.id, agent.state, 'still in trouble after a reset');
    return this.statusOf(agent, this.policy(), this.deps.settings.fleetPaused());
  }

  // ── episodes ───────────────────────────────────────────────────────────────────────────────────

  private onEvent(event: SwitchboardEvent): void {
    if (this.closed) return;
    if (event.type === 'health.state_changed') this.onState(event.agentId, event.health.state, event.health.signals[0]?.detail ?? event.health.state);
    else if (event.type === 'agent.closed') this.forget(event.agentId);
  }

  private onState(agentId: string, state: AgentState, reason: string): void {
    const recovery = this.entry(agentId);
    const problem = problemOf(state);
    const episode = recovery.episode;
    if (!problem) {
      if (!episode) return;
      if (state === 'lost') {
        // An exited process takes its pane along (iTerm2's "close sessions on end"): keep going, restart
        // opens a new pane. Otherwise the pane was closed by hand or the host was away: nothing to do.
        if (episode.trigger !== 'exited') this.endEpisode(recovery);
        return;
      }
      episode.recoveredTimer?.();
      episode.recoveredTimer = this.deps.clock.setTimeout(() => this.recovered(agentId), this.policy().recoveredAfterMs);
      return;
    }
    episode?.recoveredTimer?.();
    if (episode) episode.recoveredTimer = undefined;
    // A pane closed by hand is the human's decision, not a crash.
    if (problem === 'exited' && reason === PANE_CLOSED) {
      this.endEpisode(recovery);
      return;
    }
    if (!episode || episode.trigger !== problem) {
      const now = this.deps.clock.now();
      const policy = this.policy();
      if (!episode && recovery.lastRecoveredAt !== undefined && now - recovery.lastRecoveredAt < policy.breaker.windowMs) recovery.failures.push(now);
      if (episode) this.endEpisode(recovery);
      recovery.episode = newEpisode(problem, reason, now);
      const agent = this.deps.fleet.repository.findAgent(agentId);
      if (agent) this.append(agent, { action: 'detected', trigger: problem, outcome: 'ok', reason, detail: `state ${state}`, attempt: 0 });
    }
    void this.advance(agentId);
  }

  private recovered(agentId: string): void {
    const recovery = this.agents.get(agentId);
    const episode = recovery?.episode;
    const agent = this.deps.fleet.repository.findAgent(agentId);
    if (!recovery || !episode || !agent || inTrouble(agent.state, episode)) return;
    const steps = Object.values(episode.attempts).reduce((sum, n) => sum + (n ?? 0), 0);
    this.endEpisode(recovery);
    recovery.lastRecoveredAt = this.deps.clock.now();
    const entry = this.append(agent, {
      action: 'recovered', trigger: episode.trigger, outcome: 'ok', reason: episode.reason,
      detail: steps === 0 ? 'came back by itself' : `${agent.state} for ${seconds(this.policy().recoveredAfterMs)} after ${steps} step(s)`, attempt: steps,
    });
    this.deps.bus.emit({ type: 'recovery.recovered', agentId, entry });
  }

  /** Takes the next step if the agent is still in trouble, out of cool-down, unpaused, under the breaker and the rate limit. */
  private async advance(agentId: string): Promise<void> {
    const recovery = this.agents.get(agentId);
    const episode = recovery?.episode;
    if (this.closed || !recovery || !episode || recovery.busy) return;
    const agent = this.deps.fleet.repository.findAgent(agentId);
    if (!agent) return this.forget(agentId);
    if (!inTrouble(agent.state, episode)) return;
    const now = this.deps.clock.now();
    if (now < episode.coolUntil) {
      this.wakeAt(agentId, episode, episode.coolUntil);
      return;
    }
    if (episode.trigger === 'exited' && this.deps.health.paneClosedByHand(agentId)) {
      this.endEpisode(recovery);
      this.append(agent, { action: 'detected', trigger: 'exited', outcome: 'skipped', reason: PANE_CLOSED, detail: 'the pane was closed by hand: left alone (agent.restart brings it back)', attempt: 0 });
      return;
    }
    const switches = this.deps.settings.agent(agentId);
    if (switches.breakerOpen) return;
    const policy = this.policy();
    if (episode.judging) {
      episode.judging = false;
      recovery.failures.push(now);
    }
    recovery.failures = recovery.failures.filter((at) => now - at < policy.breaker.windowMs);
    if (recovery.failures.length >= policy.breaker.maxFailures) {
      return this.openBreaker(agent, recovery, `${recovery.failures.length} failed step(s) or relapse(s) within ${seconds(policy.breaker.windowMs)}`);
    }
    if (switches.paused || this.deps.settings.fleetPaused()) {
      if (!episode.pausedLogged) this.append(agent, { action: 'detected', trigger: episode.trigger, outcome: 'skipped', reason: episode.reason, detail: 'automatic recovery is paused', attempt: 0 });
      episode.pausedLogged = true;
      return;
    }
    const step = nextStep(episode, policy);
    if (!step) return this.openBreaker(agent, recovery, `every step of the ${episode.trigger} ladder was tried`);
    const rate = this.limiter.take(FLEET, policy.globalRate);
    if (!rate.allowed) {
      if (!episode.rateLogged) {
        this.append(agent, { action: step, trigger: episode.trigger, outcome: 'skipped', reason: episode.reason, detail: `fleet-wide rate limit: next try in ${seconds(rate.retryAfterMs)}`, attempt: episode.attempts[step] ?? 0 });
      }
      episode.rateLogged = true;
      this.wakeAt(agentId, episode, now + rate.retryAfterMs);
      return;
    }
    episode.rateLogged = false;
    await this.runStep(agent, recovery, episode, step, policy);
  }

  private async runStep(agent: Agent, recovery: AgentRecovery, episode: Episode, step: RecoveryStep, policy: RecoveryPolicy): Promise<void> {
    const attempt = (episode.attempts[step] ?? 0) + 1;
    episode.attempts[step] = attempt;
    recovery.totalAttempts++;
    recovery.busy = true;
    this.deps.bus.emit({ type: 'recovery.step_started', agentId: agent.id, step, trigger: episode.trigger, attempt, reason: episode.reason });
    let outcome: 'ok' | 'failed' = 'ok';
    let detail: string;
    try {
      detail = await this.perform(agent, step, episode, policy);
    } catch (error) {
      outcome = 'failed';
      detail = error instanceof Error ? error.message : String(error);
    } finally {
      recovery.busy = false;
    }
    if (this.closed) return;
    const now = this.deps.clock.now();
    const entry = this.append(agent, { action: step, trigger: episode.trigger, outcome, reason: episode.reason, detail, attempt });
    recovery.lastStep = { step, outcome, detail: entry.detail, at: entry.at };
    this.deps.bus.emit({ type: 'recovery.step_finished', agentId: agent.id, step, entry });
    if (recovery.episode !== episode) {
      // The trouble changed while the step ran (hung → exited): the new episode had to wait for it.
      if (recovery.episode) void this.advance(agent.id);
      return;
    }
    if (outcome === 'failed') {
      recovery.failures.push(now);
      this.wakeAt(agent.id, episode, now);
      return;
    }
    episode.judging = true;
    episode.coolUntil = now + policy.steps[step].coolDownMs;
    this.wakeAt(agent.id, episode, episode.coolUntil);
  }

  private async perform(agent: Agent, step: RecoveryStep, episode: Episode, policy: RecoveryPolicy): Promise<string> {
    const { actions } = this.deps;
    switch (step) {
      case 'nudge':
        return actions.nudge(agent, policy.nudgeText, policy.nudgeVia);
      case 'interrupt':
        return actions.interrupt(agent);
      case 'restart':
        return actions.restart(agent, policy.resumeOnRestart);
      case 'replace':
        return actions.replace(agent);
      case 'escalate': {
        const id = await this.escalation(agent, `Agent ${agent.name} is ${episode.trigger} (${episode.reason}); automatic recovery has tried ${triedSteps(episode)}.`);
        return `asked the human (approval ${id})`;
      }
    }
  }

  /** Raises one escalation per agent: a pending one is reused, never doubled. */
  private async escalation(agent: Agent, summary: string): Promise<string> {
    const switches = this.deps.settings.agent(agent.id);
    const pending = switches.escalationId === null ? undefined : this.deps.approvals.get(switches.escalationId);
    if (pending?.status === 'pending') return pending.id;
    const id = await this.deps.actions.escalate(agent, summary, { agentId: agent.id, agentName: agent.name });
    this.deps.settings.setAgent(agent.id, { ...this.deps.settings.agent(agent.id), escalationId: id });
    return id;
  }

  private async openBreaker(agent: Agent, recovery: AgentRecovery, why: string): Promise<void> {
    const switches = this.deps.settings.agent(agent.id);
    if (switches.breakerOpen) return;
    this.deps.settings.setAgent(agent.id, { ...switches, breakerOpen: true });
    const episode = recovery.episode;
    episode?.timer?.();
    if (episode) episode.timer = undefined;
    let approvalId: string | null = null;
    let detail: string;
    try {
      approvalId = await this.escalation(agent, `Automatic recovery stopped for agent ${agent.name}: ${why}. Approve to let it try again.`);
      detail = `automatic recovery stopped; the human was asked (approval ${approvalId})`;
    } catch (error) {
      detail = `automatic recovery stopped; escalation failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.append(agent, { action: 'breaker_opened', trigger: episode?.trigger ?? null, outcome: 'ok', reason: why, detail, attempt: recovery.totalAttempts });
    this.deps.bus.emit({ type: 'recovery.breaker_opened', agentId: agent.id, failures: recovery.failures.length, approvalId });
  }

  private onDecided(approvalId: string, approved: boolean): void {
    if (this.closed || !approved) return;
    for (const agent of this.deps.fleet.listAgents()) {
      const switches = this.deps.settings.agent(agent.id);
      if (switches.escalationId === approvalId && switches.breakerOpen) this.reset(agent.id, 'the human approved another try');
    }
  }

  // ── bookkeeping ────────────────────────────────────────────────────────────────────────────────

  private wakeAt(agentId: string, episode: Episode, at: number): void {
    episode.timer?.();
    episode.timer = this.deps.clock.setTimeout(() => {
      episode.timer = undefined;
      void this.advance(agentId);
    }, Math.max(0, at - this.deps.clock.now()));
  }

  private endEpisode(recovery: AgentRecovery): void {
    recovery.episode?.timer?.();
    recovery.episode?.recoveredTimer?.();
    recovery.episode = undefined;
  }

  private entry(agentId: string): AgentRecovery {
    let recovery = this.agents.get(agentId);
    if (!recovery) {
      recovery = newAgentRecovery();
      this.agents.set(agentId, recovery);
    }
    return recovery;
  }

  private forget(agentId: string): void {
    const recovery = this.agents.get(agentId);
    if (recovery) this.endEpisode(recovery);
    this.agents.delete(agentId);
    this.deps.settings.forgetAgent(agentId);
  }

  private append(agent: { id: string; name: string }, entry: Omit<NewLogEntry, 'agentId' | 'agentName'>): RecoveryLogEntry {
    return this.deps.log.append({ agentId: agent.id, agentName: agent.name, ...entry }, this.deps.clock.now());
  }

  private statusOf(agent: Agent, policy: RecoveryPolicy, fleetPaused: boolean): AgentRecoveryStatus {
    const { settings, health, clock } = this.deps;
    return recoveryStatus({ agent, recovery: this.agents.get(agent.id), switches: settings.agent(agent.id), beat: health.lastHeartbeat(agent.id), policy, fleetPaused, now: clock.now() });
  }
}
