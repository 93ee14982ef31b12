import { describe, expect, it } from 'vitest';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { FakeClock, keptOnPurpose, liveCollections } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

const STRESS = process.env['STRESS'] === '1';
const CYCLES = STRESS ? 1_000 : 60;
const WARM_UP = 10;

function world() {
  const backend = createMemoryBackend();
  const clock = new FakeClock();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock });
  closeAfterTest(orchestrator);
  const human = (name: string, input: unknown) => orchestrator.invoke(humanCaller, name, input);
  return { orchestrator, clock, human };
}

/** Lets the turn's events, timers set for "soon" and the recorder's index batch run. */
async function settle(clock: FakeClock): Promise<void> {
  clock.advance(5_000);
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

// A census walks the whole heap of a worker that ran other files before: slow under load, not a timing. STRESS's
// 1,000 cycles took 79 s at load 15-20: the run's own 10 minutes there.
const timeout = STRESS ? 600_000 : 120_000;
describe("the host's memory: agents that come and go leave nothing behind", { timeout }, () => {
  it(`spawn, a working agent's calls, close: ${CYCLES} cycles keep no per-agent entry in memory`, async () => {
    const { orchestrator, clock, human } = world();
    const cycle = async (i: number) => {
      const { agent } = await orchestrator.fleet.spawn({
        name: `worker-${i}`,
        kind: 'shell',
        role: 'orchestrator',
      });
      const me: Caller = { kind: 'agent', id: agent.id };
      const call = (name: string, input: unknown) => orchestrator.invoke(me, name, input);
      await call('agent.whoami', {});
      await call('health.heartbeat', {});
      await call('message.send', { to: { human: true }, body: `hello from ${i}` });
      await call('message.receive', {});
      const watch = (await call('pane.watch', { target: agent.id, pattern: 'done' })) as { id: string };
      await call('pane.unwatch', { watchId: watch.id });
      const lock = (await call('lock.acquire', {
        resource: { kind: 'branch', name: `b-${i}` },
        ttlMs: 60_000,
      })) as {
        id: string;
      };
      await call('lock.release', { lockId: lock.id });
      await call('memory.put', { namespace: 'agent', key: 'k', value: 'v' });
      await human('agent.close', { agent: agent.id });
      await settle(clock);
    };
    for (let i = 0; i < WARM_UP; i++) await cycle(i);
    const census = await liveCollections();
    try {
      for (let i = WARM_UP; i < WARM_UP + CYCLES; i++) await cycle(i);
      const grown = (await census.grown(CYCLES / 2)).filter((c) => !keptOnPurpose(c));
      expect(grown).toEqual([]);
    } finally {
      census.close();
    }
  });
});
