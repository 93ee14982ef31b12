import { SwitchboardError } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { RoleCatalog } from './role-catalog';

export type RoleCommand = 'role.list' | 'role.update' | 'role.remove' | 'role.assign';

export function roleHandlers(
  catalog: RoleCatalog,
  fleet: FleetService,
  bus: EventBus,
): HandlerMap<RoleCommand> {
  return {
    'role.list': () => ({ roles: catalog.list() }),
    'role.update': (input) => {
      const role = catalog.update(input);
      bus.emit({ type: 'role.updated', role });
      return role;
    },
    'role.remove': (input) => {
      const holders = fleet.repository
        .listAgents()
        .filter((agent) => agent.role === input.name)
        .map((agent) => agent.name);
      catalog.remove(input.name, holders);
      bus.emit({ type: 'role.removed', name: input.name });
      return { name: input.name };
    },
    'role.assign': (input, { caller }) => {
      const agent = fleet.requireAgent(input.agent);
      if (!catalog.has(input.role))
        throw new SwitchboardError('not_found', `No role "${input.role}"`, {
          hint: 'role.list shows the catalog.',
        });
      if (caller.kind === 'agent' && caller.id === agent.id) {
        throw new SwitchboardError('forbidden', 'An agent may not change its own role', {
          details: { missing: 'change_own_role' },
        });
      }
      const updated = { ...agent, role: input.role };
      fleet.repository.updateAgent(updated);
      bus.emit({ type: 'agent.updated', agent: updated });
      return updated;
    },
  };
}
