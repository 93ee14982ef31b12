import type {
  Agent,
  AgentRecoveryStatus,
  ParsedInput,
  RecoveryLogEntry,
  RecoveryPolicy,
  SwitchboardEvent,
} from '@switchboard/protocol';
import { iso, recoveryStatus } from './recovery-episode';
import { FLEET, RecoveryLadder, type RecoveryDeps } from './recovery-ladder';
import { mergePolicy } from './recovery-policy';

export type { RecoveryDeps } from './recovery-ladder';

/**
 * The recovery ladder. A `hung` or `exited` agent starts an episode; the steps of that trigger's ladder
 * run in order, each up to its attempts, each followed by a cool-down in which the agent may show signs
 * of life; the episode ends as recovered once the agent stays out of trouble for `recoveredAfterMs`.
 * Every automatic step also takes a token from one fleet-wide bucket. Failed steps (and relapses soon
 * after a recovery) count toward a per-agent breaker: when it opens, automatic recovery stops for that
 * agent and one escalation goes to the human. Everything is logged, and pauses and breakers persist.
 */
export class RecoveryService {
  private readonly ladder: RecoveryLadder;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: RecoveryDeps) {
    this.ladder = new RecoveryLadder(deps);
  }

  start(): void {
    this.unsubscribes.push(this.deps.bus.subscribe((event) => this.onEvent(event)));
    this.unsubscribes.push(
      this.deps.approvals.onDidDecide((approval) =>
        this.onDecided(
          approval.id,
          approval.decision?.verdict === 'approve' && approval.decision.choice !== 'leave it',
        ),
      ),
    );
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.ladder.close();
  }

  policy(): RecoveryPolicy {
    return this.deps.settings.policy();
  }

  configure(patch: ParsedInput<'recovery.configure'>): RecoveryPolicy {
    // `{}` only reads: nothing is stored, so a policy the human never wrote keeps following the default.
    if (Object.keys(patch).length === 0) return this.policy();
    const policy = mergePolicy(this.policy(), patch);
    this.deps.settings.setPolicy(policy);
    this.deps.health.rearmHeartbeats();
    this.deps.bus.emit({ type: 'recovery.policy_changed', policy });
    return policy;
  }

  /** An explicit `health.heartbeat` from the agent itself. */
  heartbeat(agentId: string): { agentId: string; at: string } {
    const agent = this.deps.fleet.requireAgent(agentId);
    this.deps.health.heartbeat(agent.id, 'explicit');
    return { agentId: agent.id, at: iso(this.deps.clock.now()) };
  }

  // ── pause ──────────────────────────────────────────────────────────────────────────────────────

  setPaused(
    paused: boolean,
    agentRef: string | undefined,
    reason: string | undefined,
  ): { paused: boolean; agentId: string | null } {
    const agent = agentRef === undefined ? undefined : this.deps.fleet.requireAgent(agentRef);
    if (agent) {
      const switches = this.deps.settings.agent(agent.id);
      if (switches.paused !== paused) this.deps.settings.setAgent(agent.id, { ...switches, paused });
    } else if (this.deps.settings.fleetPaused() !== paused) {
      this.deps.settings.setFleetPaused(paused);
    }
    const target = { id: agent?.id ?? FLEET, name: agent?.name ?? FLEET };
    this.ladder.append(target, {
      action: paused ? 'paused' : 'resumed',
      trigger: null,
      outcome: 'ok',
      reason: reason ?? 'asked by the human',
      detail: agent ? 'this agent' : 'the whole fleet',
      attempt: 0,
    });
    if (paused)
      this.deps.bus.emit({ type: 'recovery.paused', agentId: agent?.id ?? null, reason: reason ?? null });
    else {
      this.deps.bus.emit({ type: 'recovery.resumed', agentId: agent?.id ?? null });
      this.ladder.resume(agent?.id);
    }
    return { paused, agentId: agent?.id ?? null };
  }

  // ── status, log, reset ─────────────────────────────────────────────────────────────────────────

  status(agentRef: string | undefined): {
    paused: boolean;
    agents: AgentRecoveryStatus[];
    rateTokens: number;
  } {
    const agents =
      agentRef === undefined ? this.deps.fleet.listAgents() : [this.deps.fleet.requireAgent(agentRef)];
    const policy = this.policy();
    const fleetPaused = this.deps.settings.fleetPaused();
    return {
      paused: fleetPaused,
      agents: agents.map((agent) => this.statusOf(agent, policy, fleetPaused)),
      rateTokens: this.ladder.rateTokens(policy),
    };
  }

  logEntries(input: ParsedInput<'recovery.log'>): RecoveryLogEntry[] {
    const agentId =
      input.agent === undefined
        ? undefined
        : (this.deps.fleet.repository.findAgent(input.agent)?.id ?? input.agent);
    // Times the contract checked (IsoTime).
    const sinceMs = input.since === undefined ? undefined : Date.parse(input.since);
    const untilMs = input.until === undefined ? undefined : Date.parse(input.until);
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
    this.ladder.clear(agent.id);
    if (switches.breakerOpen) {
      this.deps.settings.setAgent(agent.id, { ...switches, breakerOpen: false, escalationId: null });
      // The escalation asked for exactly this; left pending, its later decision found no breaker and did nothing.
      if (switches.escalationId)
        this.deps.approvals.withdraw(switches.escalationId, `recovery was ${why}: the breaker is closed`);
      this.ladder.append(agent, {
        action: 'breaker_closed',
        trigger: null,
        outcome: 'ok',
        reason: why,
        detail: 'automatic recovery may act again',
        attempt: 0,
      });
      this.deps.bus.emit({ type: 'recovery.breaker_closed', agentId: agent.id });
    }
    this.ladder.onState(agent.id, agent.state, 'still in trouble after a reset');
    return this.statusOf(agent, this.policy(), this.deps.settings.fleetPaused());
  }

  // ── events ───────────────────────────────────────────────────────────────────────────────────

  private onEvent(event: SwitchboardEvent): void {
    if (this.closed) return;
    if (event.type === 'health.state_changed')
      this.ladder.onState(
        event.agentId,
        event.health.state,
        event.health.signals[0]?.detail ?? event.health.state,
      );
    else if (event.type === 'agent.closed') this.ladder.forget(event.agentId);
  }

  private onDecided(approvalId: string, approved: boolean): void {
    if (this.closed || !approved) return;
    for (const agent of this.deps.fleet.listAgents()) {
      const switches = this.deps.settings.agent(agent.id);
      if (switches.escalationId === approvalId && switches.breakerOpen)
        this.reset(agent.id, 'the human approved another try');
    }
  }

  private statusOf(agent: Agent, policy: RecoveryPolicy, fleetPaused: boolean): AgentRecoveryStatus {
    const { settings, health, clock } = this.deps;
    return recoveryStatus({
      agent,
      recovery: this.ladder.recoveryOf(agent.id),
      switches: settings.agent(agent.id),
      beat: health.lastHeartbeat(agent.id),
      policy,
      fleetPaused,
      now: clock.now(),
    });
  }
}
