import { humanCaller, type Caller, type SwitchboardEvent } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';

export interface World {
  orchestrator: Orchestrator;
  clock: FakeClock;
  events: SwitchboardEvent[];
  human: (name: string, input?: unknown) => Promise<unknown>;
  as: (caller: Caller) => (name: string, input?: unknown) => Promise<unknown>;
  spawn: (name: string, role?: string, team?: string) => Promise<Caller>;
}

/** An orchestrator on a fake clock and the memory backend, with helpers to call as the human or an agent. */
export function createWorld(databasePath = ':memory:', clock = new FakeClock()): World {
  const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend(), clock });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((event) => events.push(event));
  const as =
    (caller: Caller) =>
    (name: string, input: unknown = {}) =>
      orchestrator.invoke(caller, name, input);
  return {
    orchestrator,
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

/** Lets promise callbacks run (after a fake-clock advance or a decision). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
