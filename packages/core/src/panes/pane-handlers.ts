import type { Caller, CommandName } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { FleetService } from '../fleet/fleet-service';
import type { McpPresence } from '../spawning/mcp-presence';
import type { HumanNotifications } from './human-notifications';
import type { PaneService } from './pane-service';
import type { PaneWaiter } from './pane-waiter';
import type { PaneWatches } from './pane-watches';

export type PaneCommand =
  | 'pane.list'
  | 'pane.read'
  | 'pane.send'
  | 'pane.keys'
  | 'pane.focus'
  | 'pane.setAppearance'
  | 'pane.getVariable'
  | 'pane.setVariable'
  | 'pane.waitFor'
  | 'pane.watch'
  | 'pane.unwatch'
  | 'pane.watches'
  | 'human.notify'
  | 'agent.whoami';

export interface PaneDomain {
  panes: PaneService;
  waiter: PaneWaiter;
  watches: PaneWatches;
  notifications: HumanNotifications;
  fleet: FleetService;
  /** Told of each agent that asks who it is: its MCP client's `tools/list` does (`spawning/mcp-presence.ts`). */
  mcpPresence?: McpPresence;
  /** The commands this caller may run, after the contract's caller kinds and the role checks. */
  permittedCommands(caller: Caller): CommandName[];
}

export function paneHandlers(domain: PaneDomain): HandlerMap<PaneCommand> {
  const { panes, waiter, watches, notifications, fleet } = domain;
  return {
    'pane.list': async (input, { caller }) => ({ panes: await panes.list(input, caller) }),
    'pane.read': (input, { caller }) => panes.read(input, caller),
    'pane.send': (input, { caller }) => panes.send(input, caller),
    'pane.keys': (input, { caller }) => panes.keys(input, caller),
    'pane.focus': (input, { caller }) => panes.focus(input.target, caller),
    'pane.setAppearance': (input, { caller }) => panes.setAppearance(input, caller),
    'pane.getVariable': (input, { caller }) => panes.getVariable(input, caller),
    'pane.setVariable': (input, { caller }) => panes.setVariable(input, caller),
    'pane.waitFor': (input, { caller, signal }) => waiter.waitFor(input, caller, signal),
    'pane.watch': (input, { caller }) => watches.add(input, caller),
    'pane.unwatch': (input, { caller }) => ({ watchId: watches.remove(input.watchId, caller) }),
    'pane.watches': (_input, { caller }) => ({ watches: watches.list(caller) }),
    'human.notify': (input, { caller }) => notifications.notify(input, caller),
    'agent.whoami': (_input, { caller }) => {
      if (caller.kind === 'agent') domain.mcpPresence?.mark(caller.id);
      const agent = caller.kind === 'agent' ? (fleet.repository.findAgent(caller.id) ?? null) : null;
      return {
        caller,
        agent,
        role: caller.kind === 'human' ? 'human' : (agent?.role ?? null),
        commands: domain.permittedCommands(caller),
      };
    },
  };
}
