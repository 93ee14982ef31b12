import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentState, AgentWorktree, FleetLayout, FleetSnapshot, ParsedInput, Team } from '@switchboard/protocol';
import type { AgentTokens } from '../auth/agent-tokens';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { PanePlacement, TerminalBackend } from '../ports/terminal-backend';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';
import { realCommandLine } from './agent-private-files';
import { FleetLayouts, type FleetShape } from './fleet-layouts';
import { FleetRepository } from './fleet-repository';
import { addWorktree, removeWorktree } from './git-worktree';
import { SerialQueue } from './serial-queue';
import { nextTeamColor } from './team-colors';
import type { AgentWiring } from '../wiring/agent-wiring';

/** The user variable that binds a pane to its agent (survives host restarts; never holds a secret). */
export const AGENT_VARIABLE = 'user.switchboardAgent';

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
}

/** The badge iTerm2 draws over an agent's pane: name, role and state (never a secret). */
export const badgeFor = (agent: Agent) => `${agent.name}\n${agent.role} · ${agent.state}`;

/** Renumbers items 0..n-1 in the given order, returning only those whose position changed. */
function renumber<T extends { position: number }>(ordered: readonly T[]): T[] {
  return ordered.flatMap((item, position) => (item.position === position ? [] : [{ ...item, position }]));
}
const byPosition = <T extends { position: number; createdAt: string }>(a: T, b: T) => a.position - b.position || a.createdAt.localeCompare(b.createdAt);

/**
 * Agents and teams: the rules of the fleet over the repository, the terminal backend and the layout
 * engine. Mutations run one at a time; each one checks everything, then changes the terminal, then
 * persists and emits, so a refused command changes nothing.
 */
export class FleetService {
  readonly repository: FleetRepository;
  readonly layouts: FleetLayouts;
  private readonly queue = new SerialQueue();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: FleetDeps) {
    this.repository = new FleetRepository(deps.store);
    this.layouts = new FleetLayouts(this.repository, deps.backend);
    this.unsubscribe = deps.backend.onEvent((event) => {
      if (event.type === 'pane.closed') void this.queue.run(() => this.paneVanished(event.paneId)).catch(() => undefined);
      if (event.type === 'backend.reconnected') void this.reconcile().catch(() => undefined);
    });
  }

  dispose(): void {
    this.unsubscribe();
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
    };
  }

  listAgents(teamRef?: string): Agent[] {
    return this.repository.listAgents(teamRef === undefined ? undefined : this.requireTeam(teamRef).id);
  }

  requireAgent(ref: string): Agent {
    const agent = this.repository.findAgent(ref);
    if (!agent) throw new SwitchboardError('not_found', `No agent "${ref}"`, { hint: 'agent.list shows the agents there are.' });
    return agent;
  }

  requireTeam(ref: string): Team {
    const team = this.repository.findTeam(ref);
    if (!team) throw new SwitchboardError('not_found', `No team "${ref}"`, { hint: 'fleet.snapshot lists the teams.' });
    return team;
  }

  // ── teams ──────────────────────────────────────────────────────────────────────────────────────

  createTeam(input: ParsedInput<'team.create'>): Promise<Team> {
    return this.queue.run(async () => {
      if (this.repository.findTeam(input.name)) throw new SwitchboardError('conflict', `A team named "${input.name}" already exists`);
      const parent = input.parent === undefined ? null : this.requireTeam(input.parent);
      const team: Team = {
        id: `team-${randomUUID()}`,
        name: input.name,
        parentId: parent?.id ?? null,
        color: nextTeamColor(this.repository.teamColors()),
        position: this.repository.listTeams().filter((t) => t.parentId === (parent?.id ?? null)).length,
        createdAt: isoTime(this.deps.clock),
      };
      this.repository.insertTeam(team);
      this.deps.bus.emit({ type: 'team.created', team });
      return team;
    });
  }

  renameTeam(input: ParsedInput<'team.rename'>): Promise<Team> {
    return this.queue.run(async () => {
      const team = this.requireTeam(input.team);
      if (team.name === input.name) return team;
      if (this.repository.findTeam(input.name)) throw new SwitchboardError('conflict', `A team named "${input.name}" already exists`);
      const renamed = { ...team, name: input.name };
      this.repository.updateTeam(renamed);
      this.deps.bus.emit({ type: 'team.updated', team: renamed });
      return renamed;
    });
  }

  deleteTeam(ref: string): Promise<string> {
    return this.queue.run(async () => {
      const team = this.requireTeam(ref);
      const agents = this.repository.listAgents(team.id);
      const children = this.repository.listTeams().filter((t) => t.parentId === team.id);
      if (agents.length > 0 || children.length > 0) {
        const what = [agents.length ? `${agents.length} agent(s)` : '', children.length ? `${children.length} sub-team(s)` : ''].filter(Boolean).join(' and ');
        throw new SwitchboardError('conflict', `Team "${team.name}" still has ${what}`, { hint: 'Move or close them first (agent.move, team.move, agent.close).' });
      }
      this.deps.store.transaction(() => {
        this.repository.detachClosedAgents(team.id);
        this.repository.deleteTeam(team.id);
        const siblings = this.repository.listTeams().filter((t) => t.parentId === team.parentId).sort(byPosition);
        for (const moved of renumber(siblings)) this.repository.updateTeam(moved);
      });
      this.deps.bus.emit({ type: 'team.deleted', teamId: team.id });
      return team.id;
    });
  }

  moveTeam(input: ParsedInput<'team.move'>): Promise<Team> {
    return this.queue.run(async () => {
      const team = this.requireTeam(input.team);
      const parent = input.parent === undefined ? (team.parentId === null ? null : this.requireTeam(team.parentId)) : input.parent === null ? null : this.requireTeam(input.parent);
      const teams = this.repository.listTeams();
      for (let cursor: Team | undefined = parent ?? undefined; cursor; cursor = teams.find((t) => t.id === cursor!.parentId)) {
        if (cursor.id === team.id) throw new SwitchboardError('conflict', `Team "${team.name}" cannot move inside itself or one of its sub-teams`);
      }
      const parentId = parent?.id ?? null;
      const siblings = teams.filter((t) => t.parentId === parentId && t.id !== team.id).sort(byPosition);
      const position = input.position ?? (parentId === team.parentId ? Math.min(team.position, siblings.length) : siblings.length);
      if (position > siblings.length) {
        throw new SwitchboardError('invalid_input', `Position ${position} is past the end: ${parent ? `"${parent.name}"` : 'the top level'} has ${siblings.length} other team(s)`);
      }
      siblings.splice(position, 0, { ...team, parentId });
      const oldSiblings = parentId === team.parentId ? [] : teams.filter((t) => t.parentId === team.parentId && t.id !== team.id).sort(byPosition);
      const changed = new Map<string, Team>();
      for (const t of [...renumber(siblings), ...renumber(oldSiblings)]) changed.set(t.id, t);
      if (parentId !== team.parentId) changed.set(team.id, { ...team, parentId, position });
      if (changed.size === 0) return team;
      const nextTeams = teams.map((t) => changed.get(t.id) ?? t);
      const layout = await this.layouts.apply({ ...this.layouts.current(), teams: nextTeams });
      this.deps.store.transaction(() => changed.forEach((t) => this.repository.updateTeam(t)));
      for (const t of changed.values()) this.deps.bus.emit({ type: 'team.updated', team: t });
      this.emitLayout(layout, 'team.move');
      return changed.get(team.id) ?? team;
    });
  }

  // ── agents ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * `privateFrom`: an agent whose environment and real command line the new one inherits (a replacement).
   * The command line is stored and shown redacted; the real one and `env` go to the agent's 0600 files only.
   */
  async spawn(input: ParsedInput<'agent.spawn'>, options: { privateFrom?: string } = {}): Promise<{ agent: Agent; token: string }> {
    return this.queue.run(async () => {
      this.requireFreeName(input.name);
      const team = input.team === undefined ? null : this.requireTeam(input.team);
      const worktree: AgentWorktree | null = input.worktree
        ? await addWorktree({ cwd: input.cwd!, ...input.worktree, defaultRoot: this.deps.worktreeRoot })
        : null;
      const now = isoTime(this.deps.clock);
      const draft: Agent = {
        id: `agent-${randomUUID()}`,
        name: input.name,
        kind: input.kind,
        command: input.command === undefined ? null : redactSecrets(input.command),
        cwd: worktree?.path ?? input.cwd ?? null,
        teamId: team?.id ?? null,
        role: input.role,
        state: 'starting',
        stateSince: now,
        paneId: null,
        position: this.repository.nextAgentPosition(team?.id ?? null),
        createdAt: now,
        worktree,
      };
      let paneId: string | undefined;
      try {
        const inherited = options.privateFrom === undefined ? undefined : this.deps.wiring.privateOf(options.privateFrom);
        const real = realCommandLine(input.command ?? null, input.command ?? null, inherited);
        this.deps.wiring.keepPrivate(draft.id, { env: { ...inherited?.env, ...input.env }, command: real }, draft.command);
        const { paneId: created, token } = await this.launch(draft, await this.layouts.placementFor(draft));
        paneId = created;
        const agent = { ...draft, paneId };
        await this.decoratePane(agent);
        this.repository.insertAgent(agent);
        await this.layouts.apply().catch(() => undefined);
        this.deps.bus.emit({ type: 'agent.spawned', agent });
        return { agent, token };
      } catch (error) {
        this.deps.tokens.revokeAll(draft.id);
        this.deps.wiring.forget(draft.id);
        if (paneId) await this.deps.backend.closePane(paneId).catch(() => undefined);
        if (worktree) await removeWorktree(worktree).catch(() => undefined);
        throw error;
      }
    });
  }

  adopt(input: ParsedInput<'agent.adopt'>): Promise<Agent> {
    return this.queue.run(async () => {
      this.requireFreeName(input.name);
      const team = input.team === undefined ? null : this.requireTeam(input.team);
      const pane = (await this.deps.backend.listPanes()).find((p) => p.id === input.pane && p.alive);
      if (!pane) throw new SwitchboardError('not_found', `No live pane "${input.pane}"`, { hint: 'The terminal session id of an open pane.' });
      const owner = this.repository.listAgents().find((a) => a.paneId === pane.id);
      if (owner) throw new SwitchboardError('conflict', `Pane "${pane.id}" already belongs to agent "${owner.name}"`);
      const now = isoTime(this.deps.clock);
      const agent: Agent = {
        id: `agent-${randomUUID()}`,
        name: input.name,
        kind: input.kind,
        command: input.command === undefined ? null : redactSecrets(input.command),
        cwd: null,
        teamId: team?.id ?? null,
        role: input.role,
        state: 'unknown',
        stateSince: now,
        paneId: pane.id,
        position: this.repository.nextAgentPosition(team?.id ?? null),
        createdAt: now,
        worktree: null,
      };
      this.deps.wiring.keepPrivate(agent.id, { env: {}, command: input.command ?? null }, agent.command);
      this.repository.insertAgent(agent);
      await this.decoratePane(agent);
      await this.layouts.apply().catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.spawned', agent });
      return agent;
    });
  }

  close(ref: string, keepWorktree = false): Promise<{ agentId: string; worktree?: { path: string; removed: boolean; reason?: string } }> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      this.deps.store.transaction(() => {
        this.repository.markAgentClosed(agent.id, isoTime(this.deps.clock));
        this.deps.tokens.revokeAll(agent.id);
      });
      this.deps.wiring.forget(agent.id);
      if (agent.paneId) await this.deps.backend.closePane(agent.paneId).catch(() => undefined);
      let worktree: { path: string; removed: boolean; reason?: string } | undefined;
      if (agent.worktree) {
        worktree = keepWorktree
          ? { path: agent.worktree.path, removed: false, reason: 'kept on request' }
          : { path: agent.worktree.path, ...(await removeWorktree(agent.worktree)) };
      }
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
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      const panes = await this.deps.backend.listPanes();
      const oldPane = agent.paneId !== null && panes.some((p) => p.id === agent.paneId && p.alive) ? agent.paneId : null;
      const placement: PanePlacement = oldPane
        ? { kind: 'split', paneId: oldPane, vertical: true }
        : await this.layouts.placementFor({ ...agent, paneId: null });
      this.deps.tokens.revokeAll(agent.id);
      const { paneId } = await this.launch(agent, placement, resume);
      const restarted: Agent = { ...agent, paneId, state: 'starting', stateSince: isoTime(this.deps.clock) };
      this.repository.updateAgent(restarted);
      if (oldPane) await this.deps.backend.closePane(oldPane).catch(() => undefined);
      await this.decoratePane(restarted);
      await this.layouts.apply().catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: restarted });
      return restarted;
    });
  }

  /**
   * Runs the agent's command again in its own pane (same pane id, fresh token): the recovery ladder's
   * restart. `resume`: the CLI resumes the conversation recorded for this agent (where it can).
   */
  restartInPane(ref: string, resume = false): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      if (agent.paneId === null) throw new SwitchboardError('conflict', `Agent "${agent.name}" has no pane to restart in`, { hint: 'agent.restart opens a new one.' });
      this.deps.tokens.revokeAll(agent.id);
      const token = this.deps.tokens.issue(agent.id);
      // The pane runs `node launcher <this agent's secrets file>`: a fresh file makes the same command relaunch the agent.
      this.deps.wiring.write({ agent, url: this.deps.hostUrl(), token, resume });
      try {
        await this.deps.backend.restartPane(agent.paneId);
      } catch (error) {
        this.deps.tokens.revokeAll(agent.id);
        this.deps.wiring.remove(agent.id);
        throw new SwitchboardError('unavailable', `The terminal backend could not restart the pane: ${(error as Error).message}`);
      }
      const restarted: Agent = { ...agent, state: 'starting', stateSince: isoTime(this.deps.clock) };
      this.repository.updateAgent(restarted);
      await this.decoratePane(restarted).catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: restarted });
      return restarted;
    });
  }

  rename(input: ParsedInput<'agent.rename'>): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(input.agent);
      if (agent.name === input.name) return agent;
      this.requireFreeName(input.name);
      const renamed = { ...agent, name: input.name };
      this.repository.updateAgent(renamed);
      await this.decoratePane(renamed).catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: renamed });
      return renamed;
    });
  }

  moveAgent(input: ParsedInput<'agent.move'>): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(input.agent);
      const team = input.team === undefined ? (agent.teamId === null ? null : this.requireTeam(agent.teamId)) : input.team === null ? null : this.requireTeam(input.team);
      const teamId = team?.id ?? null;
      const agents = this.repository.listAgents();
      const mates = agents.filter((a) => a.teamId === teamId && a.id !== agent.id).sort(byPosition);
      const position = input.position ?? (teamId === agent.teamId ? Math.min(agent.position, mates.length) : mates.length);
      if (position > mates.length) {
        throw new SwitchboardError('invalid_input', `Position ${position} is past the end: ${team ? `team "${team.name}"` : 'the agents without a team'} has ${mates.length} other agent(s)`);
      }
      // The mover keeps its old position here so renumbering notices it moved.
      mates.splice(position, 0, { ...agent, teamId });
      const oldMates = teamId === agent.teamId ? [] : agents.filter((a) => a.teamId === agent.teamId && a.id !== agent.id).sort(byPosition);
      const changed = new Map<string, Agent>();
      for (const a of [...renumber(mates), ...renumber(oldMates)]) changed.set(a.id, a);
      if (teamId !== agent.teamId) changed.set(agent.id, { ...agent, teamId, position });
      if (changed.size === 0) return agent;
      const nextAgents = agents.map((a) => changed.get(a.id) ?? a);
      const layout = await this.layouts.apply({ ...this.layouts.current(), agents: nextAgents });
      this.deps.store.transaction(() => changed.forEach((a) => this.repository.updateAgent(a)));
      const result = changed.get(agent.id) ?? agent;
      if (teamId !== agent.teamId) await this.decoratePane(result).catch(() => undefined);
      for (const a of changed.values()) this.deps.bus.emit({ type: 'agent.updated', agent: a });
      this.emitLayout(layout, 'agent.move');
      return result;
    });
  }

  /** Records what an agent is doing (the health monitor calls this); the badge follows. */
  setState(ref: string, state: AgentState): Promise<Agent> {
    return this.queue.run(async () => {
      const agent = this.requireAgent(ref);
      if (agent.state === state) return agent;
      const updated = { ...agent, state, stateSince: isoTime(this.deps.clock) };
      this.repository.updateAgent(updated);
      await this.decoratePane(updated).catch(() => undefined);
      this.deps.bus.emit({ type: 'agent.updated', agent: updated });
      return updated;
    });
  }

  // ── layout ─────────────────────────────────────────────────────────────────────────────────────

  /** The layout the engine computes for the fleet as it is. */
  layout(): FleetLayout {
    return this.layouts.compute();
  }

  applyLayout(input: ParsedInput<'layout.apply'>): Promise<FleetLayout> {
    return this.queue.run(async () => {
      const preset = input.preset ?? this.layouts.preset();
      const layout = await this.layouts.apply({ ...this.layouts.current(), preset });
      this.layouts.setPreset(preset);
      this.emitLayout(layout, 'layout.apply');
      return layout;
    });
  }

  /** Runs `work` in the mutation queue with a proposed fleet: it is applied to the terminal, then `persist` runs. */
  rearrange(reason: string, propose: () => { fleet: FleetShape; persist: () => void; changedAgents: Agent[]; changedTeams: Team[] }): Promise<FleetLayout> {
    return this.queue.run(async () => {
      const { fleet, persist, changedAgents, changedTeams } = propose();
      const layout = await this.layouts.apply(fleet);
      this.deps.store.transaction(persist);
      for (const team of changedTeams) this.deps.bus.emit({ type: 'team.updated', team });
      for (const agent of changedAgents) {
        await this.decoratePane(agent).catch(() => undefined);
        this.deps.bus.emit({ type: 'agent.updated', agent });
      }
      this.emitLayout(layout, reason);
      return layout;
    });
  }

  // ── restart safety ─────────────────────────────────────────────────────────────────────────────

  /**
   * Re-binds agents to live panes after a (re)start: by the pane id kept in SQLite when that pane
   * still lives and is not claimed by another agent, else by the pane whose `user.switchboardAgent`
   * names the agent. Agents with no pane left become `lost` (kept, respawnable with agent.restart).
   */
  reconcile(): Promise<{ rebound: number; lost: number }> {
    return this.queue.run(async () => {
      const panes = (await this.deps.backend.listPanes()).filter((p) => p.alive);
      const claimedBy = new Map<string, string>();
      await Promise.all(panes.map(async (p) => {
        const value = await this.deps.backend.getVariable(p.id, AGENT_VARIABLE).catch(() => undefined);
        if (value) claimedBy.set(p.id, value);
      }));
      const paneByAgent = new Map([...claimedBy].map(([paneId, agentId]) => [agentId, paneId]));
      let rebound = 0;
      let lost = 0;
      for (const agent of this.repository.listAgents()) {
        const keep = agent.paneId !== null && panes.some((p) => p.id === agent.paneId) && (claimedBy.get(agent.paneId) ?? agent.id) === agent.id;
        const paneId = keep ? agent.paneId : paneByAgent.get(agent.id) ?? null;
        if (paneId !== null) {
          rebound++;
          const bound: Agent = paneId === agent.paneId && agent.state !== 'lost'
            ? agent
            : { ...agent, paneId, state: agent.state === 'lost' ? 'unknown' : agent.state, stateSince: isoTime(this.deps.clock) };
          if (bound !== agent) {
            this.repository.updateAgent(bound);
            this.deps.bus.emit({ type: 'agent.updated', agent: bound });
          }
          await this.decoratePane(bound).catch(() => undefined);
        } else if (agent.paneId !== null || agent.state !== 'lost') {
          lost++;
          const gone: Agent = { ...agent, paneId: null, state: 'lost', stateSince: isoTime(this.deps.clock) };
          this.repository.updateAgent(gone);
          this.deps.bus.emit({ type: 'agent.updated', agent: gone });
        } else {
          lost++;
        }
      }
      return { rebound, lost };
    });
  }

  private async paneVanished(paneId: string): Promise<void> {
    const agent = this.repository.listAgents().find((a) => a.paneId === paneId);
    if (!agent) return;
    const gone: Agent = { ...agent, paneId: null, state: 'lost', stateSince: isoTime(this.deps.clock) };
    this.repository.updateAgent(gone);
    this.deps.bus.emit({ type: 'agent.updated', agent: gone });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  private requireFreeName(name: string): void {
    if (this.repository.findAgent(name)) {
      throw new SwitchboardError('conflict', `An agent named "${name}" already exists`, { hint: 'Pick another name or close that agent first.' });
    }
  }

  /** Issues a token, writes the secrets file and the CLI's wiring, and creates a pane running the launcher on it. */
  private async launch(agent: Agent, placement: PanePlacement, resume = false): Promise<{ paneId: string; token: string }> {
    const token = this.deps.tokens.issue(agent.id);
    const { paneCommand: command } = this.deps.wiring.write({ agent, url: this.deps.hostUrl(), token, resume });
    try {
      const pane = await this.deps.backend.createPane({ command, ...(agent.cwd === null ? {} : { cwd: agent.cwd }), placement });
      return { paneId: pane.id, token };
    } catch (error) {
      this.deps.tokens.revokeAll(agent.id);
      this.deps.wiring.remove(agent.id);
      throw new SwitchboardError('unavailable', `The terminal backend could not create a pane: ${(error as Error).message}`);
    }
  }

  private async decoratePane(agent: Agent): Promise<void> {
    if (!agent.paneId) return;
    const { backend } = this.deps;
    const team = agent.teamId === null ? undefined : this.repository.findTeam(agent.teamId);
    await backend.setVariable(agent.paneId, AGENT_VARIABLE, agent.id);
    await backend.setAppearance(agent.paneId, { title: agent.name, badge: badgeFor(agent), tabColor: team?.color ?? null });
  }

  private emitLayout(layout: FleetLayout, reason: string): void {
    this.deps.bus.emit({ type: 'layout.applied', layout, reason });
  }
}
