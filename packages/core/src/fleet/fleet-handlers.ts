import type { AgentTask } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { Arrangements } from './arrangements';
import type { FleetService } from './fleet-service';

export type FleetCommand =
  | 'fleet.snapshot'
  | 'fleet.restore'
  | 'agent.adopt'
  | 'agent.list'
  | 'agent.close'
  | 'agent.restart'
  | 'agent.rename'
  | 'agent.move'
  | 'team.create'
  | 'team.rename'
  | 'team.delete'
  | 'team.move';

export type LayoutCommand =
  | 'layout.get'
  | 'layout.preview'
  | 'layout.apply'
  | 'layout.save'
  | 'layout.restore'
  | 'layout.list'
  | 'layout.delete';

/** `tasks`: each agent's current task, carried by the snapshot. `agent.spawn` is spawning's (spawning-handlers.ts). */
export function fleetHandlers(
  fleet: FleetService,
  tasks: () => AgentTask[] = () => [],
): HandlerMap<FleetCommand> {
  return {
    'fleet.snapshot': () => ({ ...fleet.snapshot(), tasks: tasks() }),
    'agent.adopt': (input) => fleet.adopt(input),
    'agent.list': (input) => ({ agents: fleet.listAgents(input.team) }),
    'agent.close': (input) => fleet.close(input.agent, input.keepWorktree),
    'agent.restart': (input) => fleet.restart(input.agent, input.resume),
    'fleet.restore': (input) => fleet.restoreLost(input.resume, input.includeExited),
    'agent.rename': (input) => fleet.rename(input),
    'agent.move': (input) => fleet.placement.moveAgent(input),
    'team.create': (input) => fleet.teams.create(input),
    'team.rename': (input) => fleet.teams.rename(input),
    'team.delete': async (input) => ({ teamId: await fleet.teams.delete(input.team) }),
    'team.move': (input) => fleet.teams.move(input),
  };
}

export function layoutHandlers(fleet: FleetService, arrangements: Arrangements): HandlerMap<LayoutCommand> {
  return {
    'layout.get': () => fleet.placement.layout(),
    'layout.preview': (input) =>
      input.arrangement === undefined
        ? fleet.layouts.compute({ ...fleet.layouts.current(), preset: input.preset! })
        : arrangements.preview(input.arrangement),
    'layout.apply': (input) => fleet.placement.applyLayout(input),
    'layout.save': (input) => arrangements.save(input),
    'layout.restore': (input) => arrangements.restore(input.name),
    'layout.list': () => ({ arrangements: arrangements.list() }),
    'layout.delete': (input) => arrangements.delete(input.name),
  };
}
