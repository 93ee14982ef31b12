import { expect, it } from 'vitest';
import { SwitchboardError } from '@switchboard/protocol';
import { EventBus } from '../../src/events/event-bus';
import { deliverWatchMatchesToInboxes } from '../../src/messages/watch-inbox';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';

const match = {
  watchId: 'w1',
  paneId: 'p1',
  agentId: null,
  notifyAgentId: 'agent-a',
  label: null,
  line: 'ERROR',
};

// Every failure to put a match in the inbox was taken for "the agent was closed" and dropped without a line.
it('a watch match that cannot reach an inbox is logged unless its agent is gone', () => {
  const logger = createMemoryLogger();
  const bus = new EventBus(new FakeClock(), logger);
  let failure: Error = new SwitchboardError('not_found', 'No agent "agent-a"');
  const stop = deliverWatchMatchesToInboxes(bus, {
    send: () => {
      throw failure;
    },
  });
  bus.emit({ type: 'pane.matched', ...match });
  expect(logger.records).toEqual([]);
  failure = new Error('database or disk is full');
  bus.emit({ type: 'pane.matched', ...match });
  stop();
  expect(logger.records).toMatchObject([
    { level: 'error', component: 'events', event: 'pane.matched', message: 'an event subscriber threw' },
  ]);
  expect((logger.records[0]?.err as Error).message).toBe('database or disk is full');
});
