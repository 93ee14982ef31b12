import type { HandlerMap } from '../dispatch/handler';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { TerminalBackend } from '../ports/terminal-backend';
import { BroadcastDomains } from './broadcast-domains';
import { TerminalFocus } from './terminal-focus';
import { UnmanagedWatch } from './unmanaged-watch';

export type TerminalCommand =
  'terminal.getFocus' | 'broadcast.list' | 'broadcast.create' | 'broadcast.remove';

export interface TerminalDomainDeps {
  backend: TerminalBackend;
  bus: EventBus;
  fleet: { repository: FleetRepository; idle(): Promise<void> };
}

/** The terminal as the person uses it: where the keyboard focus is, the panes no agent owns, broadcast input. */
export function createTerminalDomain(deps: TerminalDomainDeps) {
  const focus = new TerminalFocus({
    backend: deps.backend,
    bus: deps.bus,
    agents: () => deps.fleet.repository.snapshot().agents,
  });
  focus.start();
  const unmanaged = new UnmanagedWatch({
    backend: deps.backend,
    bus: deps.bus,
    repository: deps.fleet.repository,
    fleetIdle: () => deps.fleet.idle(),
  });
  unmanaged.start();
  const broadcast = new BroadcastDomains({
    backend: deps.backend,
    bus: deps.bus,
    repository: deps.fleet.repository,
  });
  broadcast.start();
  const handlers: HandlerMap<TerminalCommand> = {
    'terminal.getFocus': () => focus.current(),
    'broadcast.list': async () => ({ domains: await broadcast.list() }),
    'broadcast.create': (input) => broadcast.create(input),
    'broadcast.remove': (input) => broadcast.remove(input),
  };
  return {
    focus,
    unmanaged,
    handlers,
    close() {
      focus.close();
      unmanaged.close();
      broadcast.close();
    },
  };
}

export type TerminalDomain = ReturnType<typeof createTerminalDomain>;
