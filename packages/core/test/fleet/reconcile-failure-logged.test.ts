import { expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type PaneInfo } from '../../src/index';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';
import { settle } from '../support/world';

// The start-up reconcile's rejection was turned into undefined: the fleet stayed as stored with no line saying why.
it('a start-up reconcile that throws is logged, and the host still starts', async () => {
  const logger = createMemoryLogger();
  const backend = createMemoryBackend();
  // A backend answer that resolves but cannot be read: the logged backend sees no failed call.
  backend.listPanes = () => Promise.resolve([null as unknown as PaneInfo]);
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend,
    clock: new FakeClock(),
    logger,
  });
  closeAfterTest(orchestrator);
  await settle();
  expect(
    logger.records.filter((r) => r.message === 'reconciling the fleet with the terminal failed'),
  ).toMatchObject([{ level: 'error', component: 'fleet' }]);
});
