import { expect, it } from 'vitest';
import { EventBus } from '../../src/events/event-bus';
import { withdrawWhenGone } from '../../src/approvals/gone-requesters';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';

// The sweep runs in a microtask, where a throw would end the host: it was caught and dropped without a line.
it("a closed agent's sweep that fails is logged with the agent, and the next close still sweeps", async () => {
  const logger = createMemoryLogger();
  const bus = new EventBus(new FakeClock());
  const asked: (string | undefined)[] = [];
  const approvals = {
    pending(agentId?: string) {
      asked.push(agentId);
      if (agentId === 'agent-a') throw new Error('database is locked');
      return [];
    },
    withdraw: () => undefined,
  };
  const stop = withdrawWhenGone(approvals, { isClosed: () => true, nameOf: (id) => id }, bus, logger);
  bus.emit({ type: 'agent.closed', agentId: 'agent-a' });
  bus.emit({ type: 'agent.closed', agentId: 'agent-b' });
  await new Promise((resolve) => setTimeout(resolve, 0));
  stop();
  expect(asked).toEqual([undefined, 'agent-a', 'agent-b']);
  expect(logger.records).toMatchObject([
    {
      level: 'error',
      component: 'approvals',
      agent: 'agent-a',
      message: "withdrawing a closed agent's items failed",
    },
  ]);
  expect((logger.records[0]?.err as Error).message).toBe('database is locked');
});
