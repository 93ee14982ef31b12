import type { Caller } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { PlanService } from '../plans/plan-service';
import type { Clock } from '../ports/clock';
import type { Store } from '../store/store';
import { memoryHandlers } from './memory-handlers';
import { MemoryService, type MemoryOptions } from './memory-service';

export { memoryMigrations } from './memory-migrations';

export interface MemoryDomainDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  fleet: Pick<FleetRepository, 'findAgent' | 'findTeam'>;
  plans: Pick<PlanService, 'list'>;
  options?: Partial<MemoryOptions>;
}

/** The shared memory over the fleet (agents, teams) and the plans (who worked on which), started: its TTL sweep runs on the Clock. */
export function createMemory({ fleet, plans, ...deps }: MemoryDomainDeps) {
  const plansOf = (caller: Caller) => plans.list(caller, { limit: 200 }).plans.map((plan) => plan.id);
  const service = new MemoryService({ ...deps, access: { findAgent: (ref) => fleet.findAgent(ref), findTeam: (ref) => fleet.findTeam(ref), plansOf } });
  service.start();
  return { service, handlers: memoryHandlers(service), stop: () => service.stop() };
}
