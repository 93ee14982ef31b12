import { expect, it } from 'vitest';
import { SwitchboardError, type Approval } from '@switchboard/protocol';
import { EventBus } from '../../src/events/event-bus';
import { tellAgentsTheirDecisions } from '../../src/messages/decision-replies';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';

const escalation = {
  id: 'ap1',
  kind: 'escalation',
  requester: 'agent-a',
  summary: 'Deploy to staging?',
  payload: {},
  choices: ['Yes', 'No'],
  status: 'approved',
  createdAt: '2026-12-08T00:00:00.000Z',
  expiresAt: null,
  onExpiry: 'deny',
  decision: { verdict: 'approve', decidedBy: 'human', decidedAt: '2026-12-08T00:00:01.000Z' },
} as unknown as Approval;

// A reply that could not be sent was taken for "the agent was closed" and dropped without a line, whatever the cause.
it('a decision reply that cannot be sent is logged unless its agent is gone', () => {
  const logger = createMemoryLogger();
  const bus = new EventBus(new FakeClock(), logger);
  let failure: Error = new SwitchboardError('not_found', 'No agent "agent-a"');
  let tried = 0;
  const stop = tellAgentsTheirDecisions(
    bus,
    {
      send: () => {
        tried++;
        throw failure;
      },
    },
    () => true,
  );
  bus.emit({ type: 'approval.decided', approval: escalation });
  expect(tried).toBe(1);
  expect(logger.records).toEqual([]);
  failure = new Error('database or disk is full');
  bus.emit({ type: 'approval.decided', approval: escalation });
  stop();
  expect(tried).toBe(2);
  expect(logger.records).toMatchObject([
    { level: 'error', component: 'events', event: 'approval.decided', message: 'an event subscriber threw' },
  ]);
  expect((logger.records[0]?.err as Error).message).toBe('database or disk is full');
});
