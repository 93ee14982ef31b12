import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { ParsedInput, Team } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { Store } from '../store/store';
import type { FleetLayouts } from './fleet-layouts';
import { byPosition, planMove, renumber } from './fleet-ordering';
import type { FleetRepository } from './fleet-repository';
import type { SerialQueue } from './serial-queue';
import { nextTeamColor } from './team-colors';

export interface FleetTeamsDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  repository: FleetRepository;
  layouts: FleetLayouts;
  /** The fleet's mutation queue: team changes run one at a time with agent changes. */
  queue: SerialQueue;
  requireTeam: (ref: string) => Team;
}

/** Teams of the fleet: create, rename, delete (only when empty) and move in the tree (the layout follows). */
export class FleetTeams {
  constructor(private readonly deps: FleetTeamsDeps) {}

  create(input: ParsedInput<'team.create'>): Promise<Team> {
    return this.deps.queue.run(async () => {
      if (this.deps.repository.findTeam(input.name))
        throw new SwitchboardError('conflict', `A team named "${input.name}" already exists`);
      const parent = input.parent === undefined ? null : this.deps.requireTeam(input.parent);
      const team: Team = {
        id: `team-${randomUUID()}`,
        name: input.name,
        parentId: parent?.id ?? null,
        color: nextTeamColor(this.deps.repository.teamColors()),
        position: this.deps.repository.listTeams().filter((t) => t.parentId === (parent?.id ?? null)).length,
        createdAt: isoTime(this.deps.clock),
      };
      this.deps.repository.insertTeam(team);
      this.deps.bus.emit({ type: 'team.created', team });
      return team;
    });
  }

  rename(input: ParsedInput<'team.rename'>): Promise<Team> {
    return this.deps.queue.run(async () => {
      const team = this.deps.requireTeam(input.team);
      if (team.name === input.name) return team;
      if (this.deps.repository.findTeam(input.name))
        throw new SwitchboardError('conflict', `A team named "${input.name}" already exists`);
      const renamed = { ...team, name: input.name };
      this.deps.repository.updateTeam(renamed);
      this.deps.bus.emit({ type: 'team.updated', team: renamed });
      return renamed;
    });
  }

  delete(ref: string): Promise<string> {
    return this.deps.queue.run(async () => {
      const team = this.deps.requireTeam(ref);
      const agents = this.deps.repository.listAgents(team.id);
      const children = this.deps.repository.listTeams().filter((t) => t.parentId === team.id);
      if (agents.length > 0 || children.length > 0) {
        const what = [
          agents.length ? `${agents.length} agent(s)` : '',
          children.length ? `${children.length} sub-team(s)` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        throw new SwitchboardError('conflict', `Team "${team.name}" still has ${what}`, {
          hint: 'Move or close them first (agent.move, team.move, agent.close).',
        });
      }
      this.deps.store.transaction(() => {
        this.deps.repository.detachClosedAgents(team.id);
        this.deps.repository.deleteTeam(team.id);
        const siblings = this.deps.repository
          .listTeams()
          .filter((t) => t.parentId === team.parentId)
          .sort(byPosition);
        for (const moved of renumber(siblings)) this.deps.repository.updateTeam(moved);
      });
      this.deps.bus.emit({ type: 'team.deleted', teamId: team.id });
      return team.id;
    });
  }

  move(input: ParsedInput<'team.move'>): Promise<Team> {
    return this.deps.queue.run(async () => {
      const team = this.deps.requireTeam(input.team);
      const parentRef = input.parent === undefined ? team.parentId : input.parent;
      const parent = parentRef === null ? null : this.deps.requireTeam(parentRef);
      const teams = this.deps.repository.listTeams();
      for (
        let cursor: Team | undefined = parent ?? undefined;
        cursor;
        cursor = teams.find((t) => t.id === cursor!.parentId)
      ) {
        if (cursor.id === team.id)
          throw new SwitchboardError(
            'conflict',
            `Team "${team.name}" cannot move inside itself or one of its sub-teams`,
          );
      }
      const { changed, moved } = planMove(
        teams,
        team,
        {
          group: parent?.id ?? null,
          requested: input.position,
          describe: (others) =>
            `${parent ? `"${parent.name}"` : 'the top level'} has ${others} other team(s)`,
        },
        (t) => t.parentId,
        (t, parentId) => ({ ...t, parentId }),
      );
      if (changed.size === 0) return team;
      const nextTeams = teams.map((t) => changed.get(t.id) ?? t);
      const layout = await this.deps.layouts.apply({ ...this.deps.layouts.current(), teams: nextTeams });
      this.deps.store.transaction(() => changed.forEach((t) => this.deps.repository.updateTeam(t)));
      for (const t of changed.values()) this.deps.bus.emit({ type: 'team.updated', team: t });
      this.deps.bus.emit({ type: 'layout.applied', layout, reason: 'team.move' });
      return moved;
    });
  }
}
