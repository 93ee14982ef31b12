import { afterEach } from 'vitest';
import { humanCaller, type Caller, type SwitchboardEvent } from '@switchboard/protocol';
import {
  createMemoryBackend,
  createOrchestrator,
  type MemoryBackend,
  type Orchestrator,
} from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from './close-after-test';

export interface World {
  orchestrator: Orchestrator;
  /** The memory backend the orchestrator drives (panes opened here are "outside Switchboard"). */
  backend: MemoryBackend;
  clock: FakeClock;
  events: SwitchboardEvent[];
  human: (name: string, input?: unknown) => Promise<unknown>;
  as: (caller: Caller) => (name: string, input?: unknown) => Promise<unknown>;
  spawn: (name: string, role?: string, team?: string) => Promise<Caller>;
}

/** An orchestrator on a fake clock and the memory backend, with helpers to call as the human or an agent. */
export function createWorld(
  databasePath = ':memory:',
  clock = new FakeClock(),
  backend = createMemoryBackend(),
): World {
  const orchestrator = createOrchestrator({ databasePath, backend, clock });
  // Made in a test: closed when it ends (its own temp data folder removed with it).
  closeAfterTest(orchestrator);
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((event) => events.push(event));
  const as =
    (caller: Caller) =>
    (name: string, input: unknown = {}) =>
      orchestrator.invoke(caller, name, input);
  return {
    orchestrator,
    backend,
    clock,
    events,
    human: as(humanCaller),
    as,
    async spawn(name, role = 'builder', team) {
      const { agent } = await orchestrator.fleet.spawn({
        name,
        kind: 'shell',
        role,
        ...(team ? { team } : {}),
      });
      return { kind: 'agent', id: agent.id };
    },
  };
}

/**
 * For one test file (call it at the file's top level): makes worlds, each ready and closed after its test.
 * (A hook in this shared module would attach to whichever file imported it first.)
 */
export function worldsClosedAfterEach(): () => Promise<World> {
  const open: World[] = [];
  afterEach(async () => {
    for (const world of open.splice(0)) await world.orchestrator.close();
  });
  return async () => {
    const world = createWorld();
    open.push(world);
    await world.orchestrator.ready;
    return world;
  };
}

/** Lets promise callbacks run (after a fake-clock advance or a decision). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
