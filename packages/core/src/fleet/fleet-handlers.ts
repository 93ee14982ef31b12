import type { HandlerMap } from '../dispatch/handler';
import type { FleetService } from './fleet-service';

export type FleetCommand = 'fleet.snapshot' | 'agent.spawn' | 'agent.list' | 'agent.close' | 'team.create';

export function fleetHandlers(fleet: FleetService): HandlerMap<FleetCommand> {
  return {
    'fleet.snapshot': () => fleet.snapshot(),
    'agent.spawn': async (input) => (await fleet.spawn(input)).agent,
    'agent.list': (input) => ({ agents: fleet.listAgents(input.team) }),
    'agent.close': async (input) => ({ agentId: await fleet.close(input.agent) }),
    'team.create': (input) => fleet.createTeam(input),
  };
}
