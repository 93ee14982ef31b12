import { afterEach, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Logger, type Orchestrator } from '../../src/index';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';

let orchestrator: Orchestrator | undefined;
afterEach(async () => {
  await orchestrator?.close();
});

/** A memory logger that counts the child loggers made from it (and from them). */
function countingLogger(counter: { children: number }, inner: Logger = createMemoryLogger()): Logger {
  return {
    log: (level, message, fields) => inner.log(level, message, fields),
    child: (bindings) => {
      counter.children++;
      return countingLogger(counter, inner.child(bindings));
    },
  };
}

it('a printing pane makes no logger per screen update (2,000 updates/s at 200 printing agents)', async () => {
  const counter = { children: 0 };
  const backend = createMemoryBackend();
  orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend,
    clock: new FakeClock(),
    logger: countingLogger(counter),
  });
  await orchestrator.ready;
  const { agent } = await orchestrator.fleet.spawn({ name: 'printer', kind: 'shell', role: 'builder' });
  const before = counter.children;
  for (let i = 0; i < 200; i++) await backend.sendText(agent.paneId!, `line ${i}\r`);
  expect(counter.children - before).toBeLessThan(10);
});
