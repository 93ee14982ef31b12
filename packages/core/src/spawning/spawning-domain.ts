import { InitialTasks, type InitialTaskDeps } from './initial-tasks';
import { SpawnService } from './spawn-service';
import type { SpawningHandlerDeps } from './spawning-handlers';
import { TemplateStore } from './template-store';

export interface SpawningDomainDeps extends InitialTaskDeps {
  /** The demo fleet's folder is `<dataDir>/demo` (`fleet.demo`). */
  dataDir: string;
}

/**
 * Spawning as people do it: saved templates, initial tasks typed once a CLI is ready (started here), and the
 * spawn service over both; `handlers` is what its commands need.
 */
export function createSpawning(deps: SpawningDomainDeps) {
  const templates = new TemplateStore(deps.store);
  const tasks = new InitialTasks(deps);
  tasks.start();
  const spawning = new SpawnService({ fleet: deps.fleet, templates, tasks });
  const { fleet, backend, bus, clock, dataDir } = deps;
  const handlers: SpawningHandlerDeps = { fleet, spawning, templates, tasks, backend, bus, clock, dataDir };
  return { tasks, handlers, close: () => tasks.close() };
}
