import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, FleetSnapshot, ParsedInput, Team } from '@switchboard/protocol';
import type { AgentTokens } from '../auth/agent-tokens';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { PanePlacement, TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { agentCommandLine } from './agent-command';
import { FleetRepository } from './fleet-repository';
import { teamColor } from './team-colors';

/** The user variable that binds a pane to its agent (survives host restarts; never holds a secret). */
export const AGENT_VARIABLE = 'user.switchboardAgent';

export interface FleetDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  tokens: AgentTokens;
  /** Runs before an agent's pane is created (e.g. installs Claude Code hooks it reads at start). */
  beforeLaunch?: (input: ParsedInput<'agent.spawn'>) => Promise<unknown>;
}

/** Agents and teams: the rules of the fleet, over the repository and the terminal backend. */
export class FleetService {
  readonly repository: FleetRepository;

  constructor(private readonly deps: FleetDeps) {
    this.repository = new FleetRepository(deps.store);
  }

  snapshot(): FleetSnapshot {
    return { agents: this.repository.listAgents(), teams: this.repository.listTeams(), sequence: this.deps.bus.lastSequence };
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

  createTeam(input: ParsedInput<'team.create'>): Team {
    if (this.repository.findTeam(input.name)) throw new SwitchboardError('conflict', `A team named "${input.name}" already exists`);
    const parent = input.parent === undefined ? null : this.requireTeam(input.parent);
    const count = this.repository.teamCount();
    const team: Team = {
      id: `team-${randomUUID()}`,
      name: input.name,
      parentId: parent?.id ?? null,
      color: teamColor(count),
      position: count,
      createdAt: isoTime(this.deps.clock),
    };
    this.repository.insertTeam(team);
    this.deps.bus.emit({ type: 'team.created', team });
    return team;
  }

  async spawn(input: ParsedInput<'agent.spawn'>): Promise<{ agent: Agent; token: string }> {
    if (this.repository.findAgent(input.name)) {
      throw new SwitchboardError('conflict', `An agent named "${input.name}" already exists`, { hint: 'Pick another name or close that agent first.' });
    }
    const team = input.team === undefined ? null : this.requireTeam(input.team);
    const command = input.command ?? null;
    await this.deps.beforeLaunch?.(input);
    const pane = await this.createPane(input, team);
    const now = isoTime(this.deps.clock);
    const agent: Agent = {
      id: `agent-${randomUUID()}`,
      name: input.name,
      kind: input.kind,
      command,
      cwd: input.cwd ?? null,
      teamId: team?.id ?? null,
      role: input.role,
      state: 'starting',
      stateSince: now,
      paneId: pane.id,
      position: this.repository.nextAgentPosition(team?.id ?? null),
      createdAt: now,
    };
    let token: string;
    try {
      token = this.deps.store.transaction(() => {
        this.repository.insertAgent(agent);
        return this.deps.tokens.issue(agent.id);
      });
    } catch (error) {
      await this.deps.backend.closePane(pane.id).catch(() => undefined);
      throw error;
    }
    await this.decoratePane(agent, team);
    this.deps.bus.emit({ type: 'agent.spawned', agent });
    return { agent, token };
  }

  async close(ref: string): Promise<string> {
    const agent = this.requireAgent(ref);
    this.deps.store.transaction(() => {
      this.repository.markAgentClosed(agent.id, isoTime(this.deps.clock));
      this.deps.tokens.revokeAll(agent.id);
    });
    if (agent.paneId) await this.deps.backend.closePane(agent.paneId).catch(() => undefined);
    this.deps.bus.emit({ type: 'agent.closed', agentId: agent.id });
    return agent.id;
  }

  private async createPane(input: ParsedInput<'agent.spawn'>, team: Team | null) {
    const commandLine = agentCommandLine(input.kind, input.command ?? null);
    try {
      return await this.deps.backend.createPane({
        ...(commandLine === undefined ? {} : { command: commandLine }),
        ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
        placement: this.placementFor(team),
      });
    } catch (error) {
      throw new SwitchboardError('unavailable', `The terminal backend could not create a pane: ${(error as Error).message}`);
    }
  }

  /** A teammate's pane is split; the first agent of a team gets a window of its own. */
  private placementFor(team: Team | null): PanePlacement {
    const mates = this.repository.listAgents(team?.id).filter((a) => a.paneId !== null && (team !== null || a.teamId === null));
    const last = mates.at(-1);
    return last?.paneId ? { kind: 'split', paneId: last.paneId, vertical: mates.length % 2 === 1 } : { kind: 'window' };
  }

  private async decoratePane(agent: Agent, team: Team | null): Promise<void> {
    if (!agent.paneId) return;
    const { backend } = this.deps;
    await backend.setVariable(agent.paneId, AGENT_VARIABLE, agent.id);
    await backend.setAppearance(agent.paneId, {
      title: agent.name,
      badge: `${agent.name}\n${agent.role} · ${agent.state}`,
      tabColor: team?.color ?? null,
    });
  }
}
