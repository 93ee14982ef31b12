import { expect, it } from 'vitest';
import { humanCaller, type Approval } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { createMemoryLogger } from '../../src/ports/logger';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

const escalation = {
  kind: 'escalation' as const,
  summary: 'agent-x looks hung',
  payload: {},
  choices: ['restart', 'leave'],
  expiresInMs: 60_000,
  onExpiry: 'deny' as const,
};

function queueWithLog() {
  const logger = createMemoryLogger();
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: createMemoryBackend(),
    clock: new FakeClock(),
    logger,
  });
  closeAfterTest(orchestrator);
  return { queue: orchestrator.approvals, records: logger.records, orchestrator };
}

// A decision listener's `forbidden` was dropped by the emitter: a plan whose creator had closed stopped for good, silently.
it('a decision listener that throws is logged with the event and the item, and the next listener still runs', async () => {
  const { queue, records, orchestrator } = queueWithLog();
  const item = queue.raise({ kind: 'agent', id: 'agent-x' }, escalation);
  const seen: string[] = [];
  queue.onDidDecide(() => {
    throw new Error('step instruction refused: forbidden');
  });
  queue.onDidDecide((a: Approval) => seen.push(a.id));
  await orchestrator.invoke(humanCaller, 'approval.decide', {
    decisions: [{ id: item.id, verdict: 'approve', choice: 'restart' }],
  });
  expect(seen).toEqual([item.id]);
  const line = records.find((r) => r.message === 'a listener threw');
  expect(line).toMatchObject({
    level: 'error',
    component: 'approvals',
    event: 'approval.decided',
    approvalId: item.id,
    kind: 'escalation',
  });
  expect((line?.err as Error).message).toBe('step instruction refused: forbidden');
});

it('a withdrawal listener that throws is logged as approval.withdrawn', () => {
  const { queue, records } = queueWithLog();
  const item = queue.raise({ kind: 'agent', id: 'agent-x' }, escalation);
  queue.onDidWithdraw(() => {
    throw new Error('boom');
  });
  expect(queue.withdraw(item.id, 'its requester was closed')?.status).toBe('withdrawn');
  expect(records.filter((r) => r.message === 'a listener threw')).toMatchObject([
    { component: 'approvals', event: 'approval.withdrawn', approvalId: item.id },
  ]);
});
