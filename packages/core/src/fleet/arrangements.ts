import { ArrangementPlacements, LayoutPreset, SwitchboardError } from '@switchboard/protocol';
import type { Agent, ArrangementSummary, FleetLayout, ParsedInput, Team } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { FleetService } from './fleet-service';

const ArrangementBody = ArrangementPlacements;
type ArrangementBody = ArrangementPlacements;

/**
 * Named arrangements (layout.save/restore/list/delete), persisted in SQLite. Restoring puts the teams
 * and agents that still exist back where they were (others keep their place) and applies the preset.
 */
export class Arrangements {
  constructor(
    private readonly fleet: FleetService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  list(): ArrangementSummary[] {
    return this.fleet.repository
      .listArrangements()
      .map((row) => this.summary(row.name, row.preset, row.body, row.savedAt));
  }

  save(input: ParsedInput<'layout.save'>): ArrangementSummary {
    const { repository } = this.fleet;
    if (!input.replace && repository.findArrangement(input.name)) {
      throw new SwitchboardError('conflict', `An arrangement named "${input.name}" already exists`, {
        hint: 'Pass replace: true to overwrite it.',
      });
    }
    const body: ArrangementBody = {
      teams: repository.listTeams().map((t) => ({ id: t.id, parentId: t.parentId, position: t.position })),
      agents: repository.listAgents().map((a) => ({ id: a.id, teamId: a.teamId, position: a.position })),
    };
    const row = {
      name: input.name,
      preset: this.fleet.layouts.preset(),
      body: JSON.stringify(body),
      savedAt: isoTime(this.clock),
    };
    repository.saveArrangement(row);
    const arrangement = this.summary(row.name, row.preset, row.body, row.savedAt);
    this.bus.emit({ type: 'layout.saved', arrangement });
    return arrangement;
  }

  delete(name: string): { name: string } {
    if (!this.fleet.repository.deleteArrangement(name))
      throw new SwitchboardError('not_found', `No arrangement "${name}"`, {
        hint: 'layout.list shows the saved ones.',
      });
    this.bus.emit({ type: 'layout.deleted', name });
    return { name };
  }

  restore(name: string): Promise<FleetLayout> {
    return this.fleet.placement.rearrange('layout.restore', () => this.proposal(name));
  }

  /** The layout restoring `name` would give now, computed without moving anything or storing a thing. */
  preview(name: string): FleetLayout {
    return this.fleet.layouts.compute(this.proposal(name).fleet);
  }

  /** What restoring `name` changes: the fleet it proposes, the teams and agents it moves, and how to store it. */
  private proposal(name: string) {
    const { repository, layouts } = this.fleet;
    const row = repository.findArrangement(name);
    if (!row)
      throw new SwitchboardError('not_found', `No arrangement "${name}"`, {
        hint: 'layout.list shows the saved ones.',
      });
    const preset = LayoutPreset.parse(row.preset);
    const body = ArrangementBody.parse(JSON.parse(row.body));
    const teams = repository.listTeams();
    const agents = repository.listAgents();
    const teamIds = new Set(teams.map((t) => t.id));
    const savedTeams = new Map(body.teams.map((t) => [t.id, t]));
    const savedAgents = new Map(body.agents.map((a) => [a.id, a]));
    const nextTeams = teams.map((team): Team => {
      const saved = savedTeams.get(team.id);
      if (!saved) return team;
      const parentId = saved.parentId !== null && teamIds.has(saved.parentId) ? saved.parentId : null;
      return { ...team, parentId, position: saved.position };
    });
    if (hasCycle(nextTeams))
      throw new SwitchboardError('conflict', `Arrangement "${name}" would nest a team inside itself`);
    const nextAgents = agents.map((agent): Agent => {
      const saved = savedAgents.get(agent.id);
      if (!saved) return agent;
      const teamId = saved.teamId !== null && teamIds.has(saved.teamId) ? saved.teamId : null;
      return { ...agent, teamId, position: saved.position };
    });
    const changedTeams = nextTeams.filter(
      (t, i) => t.parentId !== teams[i]!.parentId || t.position !== teams[i]!.position,
    );
    const changedAgents = nextAgents.filter(
      (a, i) => a.teamId !== agents[i]!.teamId || a.position !== agents[i]!.position,
    );
    return {
      fleet: { teams: nextTeams, agents: nextAgents, preset },
      changedTeams,
      changedAgents,
      persist: () => {
        changedTeams.forEach((t) => repository.updateTeam(t));
        changedAgents.forEach((a) => repository.updateAgent(a));
        layouts.setPreset(preset);
      },
    };
  }

  private summary(name: string, preset: string, body: string, savedAt: string): ArrangementSummary {
    const parsed = ArrangementBody.safeParse(JSON.parse(body));
    return {
      name,
      preset: LayoutPreset.catch('team-windows').parse(preset),
      agents: parsed.success ? parsed.data.agents.length : 0,
      teams: parsed.success ? parsed.data.teams.length : 0,
      savedAt,
    };
  }
}

function hasCycle(teams: readonly Team[]): boolean {
  const parent = new Map(teams.map((t) => [t.id, t.parentId]));
  return teams.some((team) => {
    const seen = new Set<string>();
    for (let id: string | null | undefined = team.id; id; id = parent.get(id)) {
      if (seen.has(id)) return true;
      seen.add(id);
    }
    return false;
  });
}
