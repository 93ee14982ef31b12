import type {
  Agent,
  AgentState,
  RecoveryLogEntry,
  RecoveryPolicy,
  RecoveryStep,
} from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { HealthMonitor } from '../health/health-monitor';
import { PANE_CLOSED } from '../health/pane-evidence';
import type { Clock } from '../ports/clock';
import { RateLimiter } from '../roles/rate-limiter';
import type { RecoveryActions } from './recovery-actions';
import { escalationSummary, oneEscalationPerAgent, performStep } from './recovery-steps';
import { endedByOurKeys, endedWhileHung, exitLeftAlone, hungProgramEndedRow } from './exit-rule';
import {
  aboutAnEnd,
  inTrouble,
  newAgentRecovery,
  newEpisode,
  nextStep,
  problemOf,
  seconds,
  type AgentRecovery,
  type Episode,
} from './recovery-episode';
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

/** The fleet-wide rate bucket's key (and the recovery log's name for fleet-wide lines). */
export const FLEET = 'fleet';

/**
 * The ladder itself: each agent's episode, its steps in order with their cool-downs, the fleet-wide rate
 * bucket and the per-agent breaker with its one escalation. The recovery service drives it from health
 * events and the human's commands.
 */
export class RecoveryLadder {
  private readonly agents = new Map<string, AgentRecovery>();
  private readonly limiter: RateLimiter;
  private closed = false;

  private readonly escalate: (agent: Agent, summary: string) => Promise<string>;

  constructor(private readonly deps: RecoveryDeps) {
    this.limiter = new RateLimiter(deps.clock);
    this.escalate = oneEscalationPerAgent(deps);
  }

  close(): void {
    this.closed = true;
    for (const recovery of this.agents.values()) this.endEpisode(recovery);
    this.agents.clear();
  }

  /** Where the agent's recovery stands, if it ever had trouble. */
  recoveryOf(agentId: string): AgentRecovery | undefined {
    return this.agents.get(agentId);
  }

  /** Tokens left in the fleet-wide bucket. */
  rateTokens(policy: RecoveryPolicy): number {
    return this.limiter.peek(FLEET, policy.globalRate);
  }

  /** A pause was lifted (for one agent or the fleet): episodes go on, and log the next pause again. */
  resume(agentId?: string): void {
    for (const [id, recovery] of this.agents) {
      if (agentId !== undefined && id !== agentId) continue;
      if (recovery.episode) recovery.episode.pausedLogged = false;
      void this.advance(id);
    }
  }

  /** Ends the agent's episode and forgets its failures and last recovery (a reset by the human). */
  clear(agentId: string): void {
    const recovery = this.entry(agentId);
    this.endEpisode(recovery);
    recovery.failures = [];
    recovery.lastRecoveredAt = undefined;
  }

  private policy(): RecoveryPolicy {
    return this.deps.settings.policy();
  }

  /** A health state change: starts, switches, or (once the agent stays well) ends an episode. */
  onState(agentId: string, state: AgentState, reason: string): void {
    const recovery = this.entry(agentId);
    const problem = problemOf(state);
    const episode = recovery.episode;
    if (!problem) {
      if (!episode) return;
      if (state === 'lost') {
        // An exited process takes its pane along (iTerm2's "close sessions on end"): keep going, restart
        // opens a new pane. Otherwise the pane was closed by hand or the host was away: nothing to do.
        if (!aboutAnEnd(episode)) this.endEpisode(recovery);
        return;
      }
      episode.recoveredTimer?.();
      episode.recoveredTimer = this.deps.clock.setTimeout(
        () => this.recovered(agentId),
        this.policy().recoveredAfterMs,
      );
      return;
    }
    episode?.recoveredTimer?.();
    if (episode) episode.recoveredTimer = undefined;
    // A pane closed by hand is the human's decision, not a crash.
    if (problem === 'exited' && reason === PANE_CLOSED) {
      this.endEpisode(recovery);
      return;
    }
    if (problem === 'exited' && this.policy().exitedLadder.length === 0) {
      // No exited ladder: an end is reported and left alone, unless the hung episode's own Ctrl+C caused it.
      const agent = this.deps.fleet.repository.findAgent(agentId);
      const hung = endedByOurKeys(episode, recovery.busy) ? episode : undefined;
      if (!hung) this.endEpisode(recovery);
      const first = hung ? endedWhileHung(hung, this.deps.clock.now()) : true;
      if (agent && first) this.append(agent, hung ? hungProgramEndedRow(reason) : exitLeftAlone(reason));
      if (hung) void this.advance(agentId);
      return;
    }
    if (!episode || episode.trigger !== problem) {
      const now = this.deps.clock.now();
      const policy = this.policy();
      if (
        !episode &&
        recovery.lastRecoveredAt !== undefined &&
        now - recovery.lastRecoveredAt < policy.breaker.windowMs
      )
        recovery.failures.push(now);
      if (episode) this.endEpisode(recovery);
      recovery.episode = newEpisode(problem, reason, now);
      const agent = this.deps.fleet.repository.findAgent(agentId);
      if (agent)
        this.append(agent, {
          action: 'detected',
          trigger: problem,
          outcome: 'ok',
          reason,
          detail: `state ${state}`,
          attempt: 0,
        });
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
      action: 'recovered',
      trigger: episode.trigger,
      outcome: 'ok',
      reason: episode.reason,
      detail:
        steps === 0
          ? 'came back by itself'
          : `${agent.state} for ${seconds(this.policy().recoveredAfterMs)} after ${steps} step(s)`,
      attempt: steps,
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
    if (aboutAnEnd(episode) && this.deps.health.paneClosedByHand(agentId)) {
      this.endEpisode(recovery);
      this.append(agent, {
        action: 'detected',
        trigger: 'exited',
        outcome: 'skipped',
        reason: PANE_CLOSED,
        detail: 'the pane was closed by hand: left alone (agent.restart brings it back)',
        attempt: 0,
      });
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
      return this.openBreaker(
        agent,
        recovery,
        `${recovery.failures.length} failed step(s) or relapse(s) within ${seconds(policy.breaker.windowMs)}`,
      );
    }
    if (switches.paused || this.deps.settings.fleetPaused()) {
      if (!episode.pausedLogged)
        this.append(agent, {
          action: 'detected',
          trigger: episode.trigger,
          outcome: 'skipped',
          reason: episode.reason,
          detail: 'automatic recovery is paused',
          attempt: 0,
        });
      episode.pausedLogged = true;
      return;
    }
    const step = nextStep(episode, policy);
    if (!step)
      return this.openBreaker(agent, recovery, `every step of the ${episode.trigger} ladder was tried`);
    const rate = this.limiter.take(FLEET, policy.globalRate);
    if (!rate.allowed) {
      if (!episode.rateLogged) {
        this.append(agent, {
          action: step,
          trigger: episode.trigger,
          outcome: 'skipped',
          reason: episode.reason,
          detail: `fleet-wide rate limit: next try in ${seconds(rate.retryAfterMs)}`,
          attempt: episode.attempts[step] ?? 0,
        });
      }
      episode.rateLogged = true;
      this.wakeAt(agentId, episode, now + rate.retryAfterMs);
      return;
    }
    episode.rateLogged = false;
    await this.runStep(agent, recovery, episode, step, policy);
  }

  private async runStep(
    agent: Agent,
    recovery: AgentRecovery,
    episode: Episode,
    step: RecoveryStep,
    policy: RecoveryPolicy,
  ): Promise<void> {
    const endedBefore = episode.processEnded;
    const attempt = (episode.attempts[step] ?? 0) + 1;
    episode.attempts[step] = attempt;
    episode.lastTaken = step;
    recovery.totalAttempts++;
    recovery.busy = true;
    this.deps.bus.emit({
      type: 'recovery.step_started',
      agentId: agent.id,
      step,
      trigger: episode.trigger,
      attempt,
      reason: episode.reason,
    });
    let outcome: 'ok' | 'failed' = 'ok';
    let detail: string;
    try {
      detail = await performStep(this.deps.actions, agent, step, policy, () =>
        this.escalate(agent, escalationSummary(agent, episode)),
      );
    } catch (error) {
      outcome = 'failed';
      detail = error instanceof Error ? error.message : String(error);
    } finally {
      recovery.busy = false;
    }
    if (this.closed) return;
    const now = this.deps.clock.now();
    const entry = this.append(agent, {
      action: step,
      trigger: episode.trigger,
      outcome,
      reason: episode.reason,
      detail,
      attempt,
    });
    recovery.lastStep = { step, outcome, detail: entry.detail, at: entry.at };
    this.deps.bus.emit({ type: 'recovery.step_finished', agentId: agent.id, step, entry });
    if (recovery.episode !== episode || episode.processEnded !== endedBefore) {
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
      approvalId = await this.escalate(
        agent,
        `Automatic recovery stopped for agent ${agent.name}: ${why}. Approve to let it try again.`,
      );
      detail = `automatic recovery stopped; the human was asked (approval ${approvalId})`;
    } catch (error) {
      detail = `automatic recovery stopped; escalation failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.append(agent, {
      action: 'breaker_opened',
      trigger: episode?.trigger ?? null,
      outcome: 'ok',
      reason: why,
      detail,
      attempt: recovery.totalAttempts,
    });
    this.deps.bus.emit({
      type: 'recovery.breaker_opened',
      agentId: agent.id,
      failures: recovery.failures.length,
      approvalId,
    });
  }

  private wakeAt(agentId: string, episode: Episode, at: number): void {
    episode.timer?.();
    episode.timer = this.deps.clock.setTimeout(
      () => {
        episode.timer = undefined;
        void this.advance(agentId);
      },
      Math.max(0, at - this.deps.clock.now()),
    );
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

  /** The agent is gone: its episode ends and its switches are dropped. */
  forget(agentId: string): void {
    const recovery = this.agents.get(agentId);
    if (recovery) this.endEpisode(recovery);
    this.agents.delete(agentId);
    this.deps.settings.forgetAgent(agentId);
  }

  /** One recovery-log line for the agent (or the fleet). */
  append(
    agent: { id: string; name: string },
    entry: Omit<NewLogEntry, 'agentId' | 'agentName'>,
  ): RecoveryLogEntry {
    return this.deps.log.append(
      { agentId: agent.id, agentName: agent.name, ...entry },
      this.deps.clock.now(),
    );
  }
}
