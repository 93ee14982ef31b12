import type { Agent, FleetLayout, ParsedInput, Team } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { Store } from '../store/store';
import type { TerminalStatus } from '../terminal-status/terminal-status';
import type { FleetLayouts, FleetShape } from './fleet-layouts';
import { planMove } from './fleet-ordering';
import type { FleetRepository } from './fleet-repository';
import type { SerialQueue } from './serial-queue';

export interface FleetPlacementDeps {
  store: Store;
  bus: EventBus;
  repository: FleetRepository;
  layouts: FleetLayouts;
  /** Titles, badges and tab colours: an agent that changes team gets its pane decorated again. */
  status: TerminalStatus;
  /** The fleet's mutation queue: placements run one at a time with the other agent and team changes. */
  queue: SerialQueue;
  requireAgent: (ref: string) => Agent;
  requireTeam: (ref: string) => Team;
}

/**
 * Where the agents stand: an agent moved in the tree, the layout preset applied, a whole rearrangement (a saved
 * arrangement restored). Each applies the proposed fleet to the terminal first, then stores it and emits.
 */
export class FleetPlacement {
  constructor(private readonly deps: FleetPlacementDeps) {}

  /** The layout the engine computes for the fleet as it is. */
  layout(): FleetLayout {
    return this.deps.layouts.compute();
  }

  applyLayout(input: ParsedInput<'layout.apply'>): Promise<FleetLayout> {
    const { layouts, queue } = this.deps;
    return queue.run(async () => {
      const preset = input.preset ?? layouts.preset();
      const layout = await layouts.apply({ ...layouts.current(), preset });
      layouts.setPreset(preset);
      this.emitLayout(layout, 'layout.apply');
      return layout;
    });
  }

  moveAgent(input: ParsedInput<'agent.move'>): Promise<Agent> {
    const { repository, layouts, requireTeam } = this.deps;
    return this.deps.queue.run(async () => {
      const agent = this.deps.requireAgent(input.agent);
      const teamRef = input.team === undefined ? agent.teamId : input.team;
      const team = teamRef === null ? null : requireTeam(teamRef);
      const agents = repository.listAgents();
      const { changed, moved: result } = planMove(
        agents,
        agent,
        {
          group: team?.id ?? null,
          requested: input.position,
          describe: (others) =>
            `${team ? `team "${team.name}"` : 'the agents without a team'} has ${others} other agent(s)`,
        },
        (a) => a.teamId,
        (a, teamId) => ({ ...a, teamId }),
      );
      if (changed.size === 0) return agent;
      const nextAgents = agents.map((a) => changed.get(a.id) ?? a);
      const layout = await layouts.apply({ ...layouts.current(), agents: nextAgents });
      this.deps.store.transaction(() => changed.forEach((a) => repository.updateAgent(a)));
      // Swallowed on purpose: the move is stored; decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      if (result.teamId !== agent.teamId) await this.deps.status.refresh(result).catch(() => undefined);
      for (const a of changed.values()) this.deps.bus.emit({ type: 'agent.updated', agent: a });
      this.emitLayout(layout, 'agent.move');
      return result;
    });
  }

  /** Runs `work` in the mutation queue with a proposed fleet: it is applied to the terminal, then `persist` runs. */
  rearrange(
    reason: string,
    propose: () => { fleet: FleetShape; persist: () => void; changedAgents: Agent[]; changedTeams: Team[] },
  ): Promise<FleetLayout> {
    return this.deps.queue.run(async () => {
      const { fleet, persist, changedAgents, changedTeams } = propose();
      const layout = await this.deps.layouts.apply(fleet);
      this.deps.store.transaction(persist);
      for (const team of changedTeams) this.deps.bus.emit({ type: 'team.updated', team });
      for (const agent of changedAgents) {
        // Swallowed on purpose: the team change is stored; decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
        await this.deps.status.refresh(agent).catch(() => undefined);
        this.deps.bus.emit({ type: 'agent.updated', agent });
      }
      this.emitLayout(layout, reason);
      return layout;
    });
  }

  private emitLayout(layout: FleetLayout, reason: string): void {
    this.deps.bus.emit({ type: 'layout.applied', layout, reason });
  }
}
