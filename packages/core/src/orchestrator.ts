import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { AgentTokens } from './auth/agent-tokens';
import { tokenHandlers } from './auth/token-handlers';
import { tokenMigrations } from './auth/token-migrations';
import { createDispatcher, type Authorizer } from './dispatch/dispatcher';
import type { HandlerMap } from './dispatch/handler';
import { EventBus } from './events/event-bus';
import { fleetHandlers } from './fleet/fleet-handlers';
import { fleetMigrations } from './fleet/fleet-migrations';
import { FleetService } from './fleet/fleet-service';
import type { HandoffDecider } from './messages/handoff-decider';
import { messageHandlers } from './messages/message-handlers';
import { messageMigrations } from './messages/message-migrations';
import { MessagingService, type MessagingOptions } from './messages/messaging-service';
import { paneMigrations } from './panes/pane-migrations';
import { createPaneDomain } from './panes/pane-domain';
import { paneHandlers } from './panes/pane-handlers';
import { isoTime, systemClock, type Clock } from './ports/clock';
import type { TerminalBackend } from './ports/terminal-backend';
import { openStore, type DomainMigrations } from './store/store';

/** Every domain's schema, in the order domains depend on each other. */
export const coreMigrations: readonly DomainMigrations[] = [fleetMigrations, tokenMigrations, paneMigrations, messageMigrations];

export interface OrchestratorDeps {
  /** SQLite file path, or `:memory:`. */
  databasePath: string;
  backend: TerminalBackend;
  clock?: Clock;
  /** Role checks; allows everything the contract allows until roles land. */
  authorize?: Authorizer;
  /** Decides held handoffs (the approvals queue); until wired, handoffs wait for `message.decide`. */
  handoffDecider?: HandoffDecider;
  messaging?: Partial<MessagingOptions>;
}

/** The orchestrator: the contract's API over the store and the terminal backend. */
export interface Orchestrator extends Api {
  /** The agent a bearer token belongs to, if any. */
  authenticateAgent(token: string): Caller | undefined;
  readonly fleet: FleetService;
  readonly messages: MessagingService;
  close(): Promise<void>;
}

export function createOrchestrator(deps: OrchestratorDeps): Orchestrator {
  const clock = deps.clock ?? systemClock;
  const store = openStore(deps.databasePath, coreMigrations);
  const bus = new EventBus(clock);
  const tokens = new AgentTokens(store, () => isoTime(clock));
  const fleet = new FleetService({ store, backend: deps.backend, bus, clock, tokens });
  const authorize: Authorizer = deps.authorize ?? (() => undefined);
  const paneDomain = createPaneDomain({ store, backend: deps.backend, bus, clock, fleet, authorize });
  const messages = new MessagingService({
    store, bus, clock, backend: deps.backend, fleet,
    ...(deps.handoffDecider ? { decider: deps.handoffDecider } : {}),
    ...(deps.messaging ? { options: deps.messaging } : {}),
  });
  messages.start();
  const handlers: HandlerMap = { ...fleetHandlers(fleet), ...paneHandlers(paneDomain), ...tokenHandlers(fleet, tokens), ...messageHandlers(messages) };
  const dispatch = createDispatcher(handlers, authorize);

  return {
    fleet,
    messages,
    invoke: (caller, name, input) => dispatch(caller, name, input),
    subscribe: (listener: (event: SwitchboardEvent) => void) => bus.subscribe(listener),
    authenticateAgent: (token) => tokens.authenticate(token),
    async close() {
      messages.close();
      paneDomain.close();
      store.close();
    },
  };
}
