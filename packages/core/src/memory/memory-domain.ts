import type { Caller } from '@switchboard/protocol';
import { mergeHandlers } from '../dispatch/merge-handlers';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { PlanService } from '../plans/plan-service';
import type { Clock } from '../ports/clock';
import type { Store } from '../store/store';
import { FleetSearch } from '../search/fleet-search';
import { MessageIndex } from '../search/message-index';
import { searchHandlers } from '../search/search-handlers';
import { memoryHandlers } from './memory-handlers';
import { MemoryService, type MemoryOptions } from './memory-service';

export { memoryMigrations } from './memory-migrations';
export { searchMigrations } from '../search/search-migrations';

export interface MemoryDomainDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  fleet: Pick<FleetRepository, 'findAgent' | 'findTeam'>;
  plans: Pick<PlanService, 'list'>;
  /** Entries per namespace, bytes per agent (the orchestrator's `memory` option). */
  options?: Partial<MemoryOptions> | undefined;
  /** Before each fleet search, the lines recorded and the messages still waiting for their index batch are indexed. */
  recordings?: { recorder: { indexPending(): void } | undefined };
}

/**
 * The shared memory over the fleet (agents, teams) and the plans (who worked on which), started (its TTL
 * sweep runs on the Clock), and the fleet search over it and the messages.
 */
export function createMemory({ fleet, plans, recordings, options, ...deps }: MemoryDomainDeps) {
  const plansOf = (caller: Caller) => plans.list(caller, { limit: 200 }).plans.map((plan) => plan.id);
  const service = new MemoryService({
    ...deps,
    ...(options ? { options } : {}),
    access: { findAgent: (ref) => fleet.findAgent(ref), findTeam: (ref) => fleet.findTeam(ref), plansOf },
  });
  service.start();
  const messageIndex = new MessageIndex({ store: deps.store, clock: deps.clock, bus: deps.bus });
  const search = new FleetSearch({
    store: deps.store,
    clock: deps.clock,
    memory: service.repository,
    beforeSearch: () => {
      recordings?.recorder?.indexPending();
      messageIndex.flush();
    },
  });
  return {
    service,
    messageIndex,
    handlers: mergeHandlers(memoryHandlers(service), searchHandlers(search)),
    stop: () => {
      messageIndex.stop();
      service.stop();
    },
  };
}
