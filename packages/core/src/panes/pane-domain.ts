import type { Logger } from '../ports/logger';
import { commandNames, commands } from '@switchboard/protocol';
import type { Caller, CommandName } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { PaneInputGate } from './input-gate/pane-input-gate';
import { HumanNotifications } from './human-notifications';
import { OutputTracker } from './output-tracker';
import type { PaneDomain } from './pane-handlers';
import { PaneMirrors } from './pane-mirrors';
import { PaneService, type PaneRights } from './pane-service';
import { PaneWaiter } from './pane-waiter';
import { PaneWatches } from './pane-watches';
import type { McpPresence } from '../spawning/mcp-presence';
import type { ScreenObserver } from './screen-observer';
import { createTerminalDomain, type TerminalDomain } from '../terminal/terminal-domain';

export interface PaneDomainDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  /** "May this caller call this command?" without side effects (no audit, no rate token), for `agent.whoami`. */
  mayCall: (caller: Caller, name: CommandName) => boolean;
  /** The one path for writes into panes. */
  gate: PaneInputGate;
  /** Throws `locked` when another caller holds a lease on the pane. */
  assertPaneAccess?: (caller: Caller, paneId: string) => void;
  /** Who may read which pane and message whom (the role catalog: RoleGuard). */
  rights: PaneRights;
  /** The one reader of pane screens: output followers and mirrors consume it. */
  observer: ScreenObserver;
  /** Told of each agent that asks who it is (its MCP client listing its tools). */
  mcpPresence?: McpPresence;
  /** Where an output follower that throws is written. */
  logger?: Logger;
}

/** Builds the pane domain: services, the output tracker they share, and stored watches resumed. */
export function createPaneDomain(
  deps: PaneDomainDeps,
): PaneDomain & { mirrors: PaneMirrors; terminal: TerminalDomain; close(): void } {
  const tracker = new OutputTracker(deps.observer, deps.logger);
  const panes = new PaneService(deps);
  const notifications = new HumanNotifications(deps.store, deps.bus, deps.clock);
  const waiter = new PaneWaiter({ ...deps, panes, tracker });
  const watches = new PaneWatches({ ...deps, panes, tracker, notifications });
  watches.start();
  const mirrors = new PaneMirrors({ ...deps, panes });
  const terminal = createTerminalDomain(deps);
  return {
    panes,
    waiter,
    watches,
    notifications,
    mirrors,
    terminal,
    fleet: deps.fleet,
    ...(deps.mcpPresence ? { mcpPresence: deps.mcpPresence } : {}),
    permittedCommands: (caller) => permittedCommands(deps.mayCall, caller),
    close() {
      watches.close();
      mirrors.close();
      terminal.close();
      tracker.close();
    },
  };
}

/** Commands the contract lets this kind of caller run and the role checks do not refuse outright. */
export function permittedCommands(
  mayCall: (caller: Caller, name: CommandName) => boolean,
  caller: Caller,
): CommandName[] {
  return commandNames.filter(
    (name) => (commands[name].callers as readonly string[]).includes(caller.kind) && mayCall(caller, name),
  );
}
