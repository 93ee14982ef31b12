import { EventBus } from '../../src/events/event-bus';
import { memoryMigrations } from '../../src/memory/memory-migrations';
import { MemoryService, type MemoryOptions } from '../../src/memory/memory-service';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

/** A MemoryService alone over its own in-memory store and a fake clock, with no fleet (no teams, no plans). */
export function memoryServiceWith(options: Partial<MemoryOptions>) {
  const clock = new FakeClock();
  const memory = new MemoryService({
    store: openStore(':memory:', [memoryMigrations]),
    bus: new EventBus(clock),
    clock,
    options,
    access: { findAgent: () => undefined, findTeam: () => undefined, plansOf: () => [] },
  });
  return { memory, clock };
}
