import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Caller, type Plan } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../support/world';

describe("a step's failure history (real SQLite, fake clock)", () => {
  it('keeps every failed attempt (validation, timeout, reported) with its reason and time, across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-step-failures-')), 'switchboard.db');
    const clock = new FakeClock();
    const backend = createMemoryBackend();
    const first = createOrchestrator({ databasePath: path, backend, clock });
    await first.ready;
    const tester: Caller = {
      kind: 'agent',
      id: (await first.fleet.spawn({ name: 't', kind: 'shell', role: 'tester' })).agent.id,
    };
    const plan = (await first.invoke(humanCaller, 'plan.create', {
      name: 'p',
      steps: [
        {
          id: 'test',
          task: 'Test',
          assignee: { agent: 't' },
          retries: 3,
          timeoutSeconds: 60,
          validation: { regex: '^PASS' },
        },
      ],
    })) as Plan;
    await first.invoke(tester, 'plan.completeStep', { plan: plan.id, step: 'test', output: 'FAIL 2' });
    clock.advance(60_000);
    await settle();
    const get = async (o: typeof first) =>
      ((await o.invoke(humanCaller, 'plan.get', { plan: plan.id })) as Plan).steps[0]!;
    expect((await get(first)).failures.map((f) => [f.attempt, f.failure])).toEqual([
      [1, 'validation'],
      [2, 'timeout'],
    ]);
    await first.close();

    const second = createOrchestrator({ databasePath: path, backend, clock });
    await second.ready;
    await settle();
    await second.invoke(tester, 'plan.failStep', { plan: plan.id, step: 'test', reason: 'disk full' });
    const step = await get(second);
    expect(step.failures).toEqual([
      {
        attempt: 1,
        failure: 'validation',
        reason: 'output does not match /^PASS/',
        at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      },
      {
        attempt: 2,
        failure: 'timeout',
        reason: expect.any(String),
        at: new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString(),
      },
      { attempt: 3, failure: 'reported', reason: 'disk full', at: expect.any(String) },
    ]);
    // The current attempt's reason is the last failure's; a completion keeps the history.
    await second.invoke(tester, 'plan.completeStep', { plan: plan.id, step: 'test', output: 'PASS' });
    expect(await get(second)).toMatchObject({ state: 'completed', reason: null });
    expect((await get(second)).failures).toHaveLength(3);
    await second.close();
  });
});
