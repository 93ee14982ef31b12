import { humanCaller, type Caller, type Message, type SwitchboardEvent } from '@switchboard/protocol';
import {
  createMemoryBackend,
  createOrchestrator,
  type HandoffDecider,
  type MessagingOptions,
  type TerminalBackend,
} from '../../src/index';
import { FakeClock } from '../../src/testing/index';

export interface FixtureOptions {
  databasePath?: string;
  backend?: TerminalBackend;
  clock?: FakeClock;
  decider?: HandoffDecider;
  messaging?: Partial<MessagingOptions>;
}

/** An orchestrator on the memory backend with a fake clock, and helpers to call it as the human or an agent. */
export function messagingFixture(options: FixtureOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const backend = options.backend ?? createMemoryBackend();
  const orchestrator = createOrchestrator({
    databasePath: options.databasePath ?? ':memory:',
    backend,
    clock,
    ...(options.decider ? { handoffDecider: options.decider } : {}),
    ...(options.messaging ? { messaging: options.messaging } : {}),
  });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((e) => events.push(e));
  const human = <T = unknown>(name: string, input: unknown) =>
    orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const as =
    (caller: Caller) =>
    <T = unknown>(name: string, input: unknown) =>
      orchestrator.invoke(caller, name, input) as Promise<T>;
  async function spawn(
    name: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; paneId: string; call: ReturnType<typeof as> }> {
    const agent = await human<{ id: string; paneId: string }>('agent.spawn', {
      name,
      role: 'builder',
      ...extra,
    });
    return { ...agent, call: as({ kind: 'agent', id: agent.id }) };
  }
  const ofType = <T extends SwitchboardEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SwitchboardEvent, { type: T }> => e.type === type);
  /** Lets pending promises run and moves the fake clock until `done()` holds (or gives up). */
  async function drive(done: () => boolean, stepMs = 50, maxSteps = 400): Promise<void> {
    for (let i = 0; i < maxSteps && !done(); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(stepMs);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  /** Everything messaging holds, through the contract: for "nothing changed" checks. */
  const state = async () =>
    JSON.stringify([await human('message.history', { limit: 500 }), await human('message.status', {})]);
  return { clock, backend, orchestrator, events, human, as, spawn, ofType, drive, state };
}

export type Received = { messages: Message[]; nextCursor: number; hasMore: boolean };
