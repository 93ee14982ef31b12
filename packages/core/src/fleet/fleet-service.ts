import { FORMER_NAMES_KEPT, SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentState, FleetSnapshot, ParsedInput, Team } from '@switchboard/protocol';
import { assertAgentName } from './agent-names';
import type { AgentTokens } from '../auth/agent-tokens';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { AgentRestarts } from './agent-restarts';
import { AgentSpawner, newAgent, requireKnownRole, SPAWN_CONCURRENCY } from './agent-spawner';
import type { SpawnOutcome, SpawnRequest } from './agent-spawner';
import { FleetLayouts } from './fleet-layouts';
import { FleetPlacement } from './fleet-placement';
import { markPaneGone, reconcileFleet } from './fleet-reconcile';
import { FleetRepository } from './fleet-repository';
import { closeAgentWorktree } from './agent-worktree';
import { removeAgentLaunch } from './agent-launch';
import { decoratePane } from './pane-decoration';
import { SerialQueue } from './serial-queue';
import { FleetTeams } from './fleet-teams';
import { TerminalStatus } from '../terminal-status/terminal-status';
import type { AgentWiring } from '../wiring/agent-wiring';
import { silentLogger, type Logger } from '../ports/logger';

export interface FleetDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  tokens: AgentTokens;
  /** Per-agent launcher secrets and CLI wiring (MCP config, hooks, resume). */
  wiring: AgentWiring;
  /** The host's base URL, handed to agents as SWITCHBOARD_URL (known only once the host listens). */
  hostUrl: () => string;
  /** Where worktrees go when the caller gives no path. */
  worktreeRoot: string;
  /** Where background failures (a lost pane that could not be recorded, a failed re-bind) are logged. */
  logger?: Logger;
  /** Whether the role catalog has this role; without it every role name is taken as given. */
  knownRole?: (name: string) => boolean;
}

/**
 * Agents and teams: the rules of the fleet over the repository, the terminal backend and the layout
 * engine. Mutations run one at a time; each one checks everything, then changes the terminal, then
 * persists and emits, so a refused command changes nothing.
 */
export class FleetService {
  readonly repository: FleetRepository;
  readonly layouts: FleetLayouts;
  /** team.create / rename / delete / move, in the same mutation queue as the agents. */
  readonly teams: FleetTeams;
  /** agent.move, layout.get / apply and whole rearrangements, in the same mutation queue. */
  readonly placement: FleetPlacement;
  /** Titles, badges and tab colours of the agents' panes (terminal.configure). */
  readonly status: TerminalStatus;
  private readonly queue = new SerialQueue();
  private readonly spawner: AgentSpawner;
  private readonly restarts: AgentRestarts;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: FleetDeps) {
    this.repository = new FleetRepository(deps.store);
    this.layouts = new FleetLayouts(this.repository, deps.backend);
    this.status = new TerminalStatus({
      ...deps,
      logger: deps.logger ?? silentLogger,
      repository: this.repository,
      requireTeamId: (ref) => this.requireTeam(ref).id,
    });
    this.spawner = new AgentSpawner({
      ...deps,
      repository: this.repository,
      layouts: this.layouts,
      requireTeam: (ref) => this.requireTeam(ref),
      status: this.status,
    });
    this.restarts = new AgentRestarts({
      ...deps,
      repository: this.repository,
      layouts: this.layouts,
      spawner: this.spawner,
      status: this.status,
      resuming: (agent) => this.resuming(agent),
    });
    this.teams = new FleetTeams({
      ...deps,
      repository: this.repository,
      layouts: this.layouts,
      queue: this.queue,
      requireTeam: (ref) => this.requireTeam(ref),
    });
    this.placement = new FleetPlacement({
      ...deps,
      repository: this.repository,
      layouts: this.layouts,
      status: this.status,
      queue: this.queue,
      requireAgent: (ref) => this.requireAgent(ref),
      requireTeam: (ref) => this.requireTeam(ref),
    });
    // One child logger, not one per backend event (2,000 screen updates/s at 200 printing agents).
    const log = (deps.logger ?? silentLogger).child({ component: 'fleet' });
    this.unsubscribe = deps.backend.onEvent((event) => {
      if (event.type === 'pane.closed') {
        void this.queue
          .run(() => this.paneVanished(event.paneId))
          .catch((error: unknown) =>
            log.log('error', "recording a closed pane's agent as lost failed", {
              paneId: event.paneId,
              err: error,
            }),
          );
      }
      // A failed re-bind leaves agents as stored; the next reconnect tries again.
      if (event.type === 'backend.reconnected')
        void this.reconcile().catch((error: unknown) =>
          log.log('warn', 're-binding the fleet after a reconnect failed', { err: error }),
        );
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.status.close();
  }

  /** Waits for every queued mutation (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue.run(async () => undefined);
  }

  snapshot(): FleetSnapshot {
    return {
      agents: this.repository.listAgents(),
      teams: this.repository.listTeams(),
      sequence: this.deps.bus.lastSequence,
      preset: this.layouts.preset(),
      formerNames: this.repository.closedNames(FORMER_NAMES_KEPT),
    };
  }

  listAgents(teamRef?: string): Agent[] {
    return this.repository.listAgents(teamRef === undefined ? undefined : this.requireTeam(teamRef).id);
  }

  requireAgent(ref: string): Agent {
    const agent = this.repository.findAgent(ref);
    if (!agent)
      throw new SwitchboardError('not_found', `No agent "${ref}"`, {
        hint: 'agent.list shows the agents there are.',
      });
    return agent;
  }

  requireTeam(ref: string): Team {
    const team = this.repository.findTeam(ref);
    if (!team)
      throw new SwitchboardError('not_found', `No team "${ref}"`, {
        hint: 'fleet.snapshot lists the teams.',
      });
    return team;
  }

  // ── agents ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * `privateFrom`: an agent whose environment and real command line the new one inherits (a replacement).
   * The command line is stored and shown redacted; the real one and `env` go to the agent's 0600 files only.
   */
  async spawn(
    input: ParsedInput<'agent.spawn'>,
    options: { privateFrom?: string } = {},
  ): Promise<{ agent: Agent; token: string }> {
    const [outcome] = await this.queue.run(() => this.spawner.spawnAll([{ input, ...options }], 1));
    if (!outcome || 'error' in outcome) throw outcome?.error ?? new Error('nothing spawned');
    return outcome;
  }

  /** Several agents at once, `concurrency` panes at a time; one outcome per request, in order (see AgentSpawner). */
  spawnMany(requests: SpawnRequest[], concurrency = SPAWN_CONCURRENCY): Promise<SpawnOutcome[]> {
    return this.queue.run(() => this.spawner.spawnAll(requests, concurrency));
  }

  adopt(input: ParsedInput<'agent.adopt'>): Promise<Agent> {
    return this.queue.run(async () => {
      this.requireFreeName(input.name);
      requireKnownRole(this.deps, input.role);
      const team = input.team === undefined ? null : this.requireTeam(input.team);
      const pane = (await this.deps.backend.listPanes()).find((p) => p.id === input.pane && p.alive);
      if (!pane)
        throw new SwitchboardError('not_found', `No live pane "${input.pane}"`, {
          hint: 'The terminal session id of an open pane.',
        });
      const owner = this.repository.agentInPane(pane.id);
      if (owner)
        throw new SwitchboardError('conflict', `Pane "${pane.id}" already belongs to agent "${owner.name}"`);
      const teamId = team?.id ?? null;
      const agent = newAgent(
        input,
        {
          cwd: null,
          teamId,
          state: 'unknown',
          paneId: pane.id,
          position: this.repository.nextAgentPosition(teamId),
          worktree: null,
        },
        isoTime(this.deps.clock),
      );
      this.deps.wiring.keepPrivate(agent.id, { env: {}, command: input.command ?? null }, agent.command);
      this.repository.insertAgent(agent);
      await this.decoratePane(agent);
      // Swallowed on purpose: the agent exists without a re-arranged layout; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await this.layouts.apply().catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.spawned', agent });
      return agent;
    });
  }

  close(
    ref: string,
    keepWorktree = false,
  ): Promise<{ agentId: string; worktree?: { path: string; removed: boolean; reason?: string } }> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      this.deps.store.transaction(() => {
        this.repository.markAgentClosed(agent.id, isoTime(this.deps.clock));
        this.deps.tokens.revokeAll(agent.id);
      });
      this.deps.wiring.forget(agent.id);
      // Swallowed on purpose: its files on a remote machine go in the background (an unreachable host must not hold the close up); leftovers there hold a revoked token.
      if (agent.host !== undefined) void removeAgentLaunch(this.deps, agent).catch(() => undefined);
      // Swallowed on purpose: the pane may be gone already (closed by hand); the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      if (agent.paneId) await this.deps.backend.closePane(agent.paneId).catch(() => undefined);
      const worktree = await closeAgentWorktree(this.deps, agent, keepWorktree);
      // Swallowed on purpose: the agent is closed either way; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await this.layouts.apply().catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.closed', agentId: agent.id });
      return worktree ? { agentId: agent.id, worktree } : { agentId: agent.id };
    });
  }

  /**
   * A fresh pane with a fresh token at the agent's place; the old pane (if any) closes. Respawns `lost`
   * agents. `resume`: the CLI resumes the conversation recorded for this agent (where it can).
   */
  restart(ref: string, resume = false): Promise<Agent> {
    return this.queue.run(() => this.restarts.inNewPane(this.requireAgent(ref), resume));
  }

  /** `fleet.restore`: every `lost` agent (and `includeExited`: every exited one with no pane) in a fresh pane (restore-lost.ts). */
  restoreLost(resume = true, includeExited = false, only?: (agent: Agent) => boolean) {
    return this.queue.run(() => this.restarts.restoreLost(resume, includeExited, only));
  }

  /** The conversation a resuming restart of this agent would continue (its CLI's own), if any. */
  resumableSession(agent: Pick<Agent, 'id' | 'kind'>): string | undefined {
    return this.deps.wiring.resumableSession(agent);
  }

  /**
   * Runs the agent's command again in its own pane (same pane id, fresh token): the recovery ladder's
   * restart. `resume`: the CLI resumes the conversation recorded for this agent (where it can).
   */
  restartInPane(ref: string, resume = false): Promise<Agent> {
    return this.queue.run(() => this.restarts.inSamePane(this.requireAgent(ref), resume));
  }

  rename(input: ParsedInput<'agent.rename'>): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(input.agent);
      if (agent.name === input.name) return agent;
      this.requireFreeName(input.name);
      const renamed = { ...agent, name: input.name };
      this.repository.updateAgent(renamed);
      // Swallowed on purpose: the rename is stored; decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await this.status.refresh(renamed).catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: renamed });
      return renamed;
    });
  }

  /** Records what an agent is doing (the health monitor calls this); the badge follows. */
  setState(ref: string, state: AgentState): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      if (agent.state === state) return agent;
      const updated = { ...agent, state, stateSince: isoTime(this.deps.clock) };
      this.repository.updateAgent(updated);
      // Swallowed on purpose: the state is stored; decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await this.status.refresh(updated).catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: updated });
      return updated;
    });
  }

  // ── restart safety ─────────────────────────────────────────────────────────────────────────────

  /** Re-binds agents to live panes after a (re)start; the others become `lost` or stay `exited` (fleet-reconcile.ts). */
  reconcile(): Promise<{ rebound: number; lost: number; unreachable: number }> {
    const { backend, bus, clock } = this.deps;
    return this.queue.run(() =>
      reconcileFleet({
        repository: this.repository,
        backend,
        bus,
        clock,
        decoratePane: (agent) => this.decoratePane(agent),
      }),
    );
  }

  /** Did the agent's program end by itself before its pane closed? Health's judgement (supervision-domain.ts). */
  programEnded: (agent: Agent) => boolean = () => false;

  /**
   * The agent's CLI is being started again resuming its own conversation (a restore, `agent.restart`, recovery's
   * restart step), before anything read its new screen: recovery's interrupted turns note what it was doing
   * (recovery/interrupted-turns.ts). The returned function takes that back when the relaunch failed.
   */
  resuming: (agent: Agent) => () => void = () => () => undefined;

  private async paneVanished(paneId: string): Promise<void> {
    const agent = this.repository.agentInPane(paneId);
    const { bus, clock } = this.deps;
    if (agent) markPaneGone(agent, this.programEnded(agent), { repository: this.repository, bus, clock });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  private requireFreeName(name: string): void {
    assertAgentName(name);
    if (this.repository.findAgent(name)) {
      throw new SwitchboardError('conflict', `An agent named "${name}" already exists`, {
        hint: 'Pick another name or close that agent first.',
      });
    }
  }

  private decoratePane(agent: Agent): Promise<void> {
    return decoratePane(agent, this.deps.backend, this.status);
  }
}
