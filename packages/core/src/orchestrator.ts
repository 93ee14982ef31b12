import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { AgentTokens } from './auth/agent-tokens';
import { tokenHandlers } from './auth/token-handlers';
import { tokenMigrations } from './auth/token-migrations';
import { createDispatcher, type Authorizer } from './dispatch/dispatcher';
import type { HandlerMap } from './dispatch/handler';
import { EventBus } from './events/event-bus';
import { AgentSecretsFiles } from './fleet/agent-secrets';
import { Arrangements } from './fleet/arrangements';
import { fleetHandlers, layoutHandlers } from './fleet/fleet-handlers';
import { fleetMigrations } from './fleet/fleet-migrations';
import { FleetService } from './fleet/fleet-service';
import { paneMigrations } from './panes/pane-migrations';
import { createPaneDomain } from './panes/pane-domain';
import { paneHandlers } from './panes/pane-handlers';
import { isoTime, systemClock, type Clock } from './ports/clock';
import type { TerminalBackend } from './ports/terminal-backend';
import { openStore, type DomainMigrations } from './store/store';

/** Every domain's schema, in the order domains depend on each other. */
export const coreMigrations: readonly DomainMigrations[] = [fleetMigrations, tokenMigrations, paneMigrations];

export interface OrchestratorDeps {
  /** SQLite file path, or `:memory:`. */
  databasePath: string;
  backend: TerminalBackend;
  clock?: Clock;
  /** Role checks; allows everything the contract allows until roles land. */
  authorize?: Authorizer;
  /**
   * The user's data folder: agents' secrets files (`agents/`, 0700) and default worktrees
   * (`worktrees/`) go here. A private temporary folder when absent (tests).
   */
  dataDir?: string;
  /** The host's base URL for agents (SWITCHBOARD_URL); a getter because the host learns its port after core starts. */
  hostUrl?: () => string;
}

/** The orchestrator: the contract's API over the store and the terminal backend. */
export interface Orchestrator extends Api {
  /** The agent a bearer token belongs to, if any. */
  authenticateAgent(token: string): Caller | undefined;
  readonly fleet: FleetService;
  /** Resolves once the fleet has been re-bound to the live panes after start (calls wait for it too). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function createOrchestrator(deps: OrchestratorDeps): Orchestrator {
  const clock = deps.clock ?? systemClock;
  const store = openStore(deps.databasePath, coreMigrations);
  const bus = new EventBus(clock);
  const tokens = new AgentTokens(store, () => isoTime(clock));
  const dataDir = deps.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-'));
  const fleet = new FleetService({
    store,
    backend: deps.backend,
    bus,
    clock,
    tokens,
    secrets: new AgentSecretsFiles(dataDir),
    hostUrl: deps.hostUrl ?? (() => ''),
    worktreeRoot: join(dataDir, 'worktrees'),
  });
  const arrangements = new Arrangements(fleet, bus, clock);
  const authorize: Authorizer = deps.authorize ?? (() => undefined);
  const paneDomain = createPaneDomain({ store, backend: deps.backend, bus, clock, fleet, authorize });
  const handlers: HandlerMap = {
    ...fleetHandlers(fleet),
    ...layoutHandlers(fleet, arrangements),
    ...paneHandlers(paneDomain),
    ...tokenHandlers(fleet, tokens),
  };
  const dispatch = createDispatcher(handlers, authorize);
  // Re-bind the fleet to whatever panes survived; a backend that cannot answer leaves agents as stored.
  const ready = fleet.reconcile().then(() => undefined, () => undefined);

  return {
    fleet,
    ready,
    invoke: async (caller, name, input) => {
      await ready;
      return dispatch(caller, name, input);
    },
    subscribe: (listener: (event: SwitchboardEvent) => void) => bus.subscribe(listener),
    authenticateAgent: (token) => tokens.authenticate(token),
    async close() {
      await fleet.idle();
      fleet.dispose();
      paneDomain.close();
      store.close();
    },
  };
}
