import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Message, type Plan } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { runUntilKilled } from '../support/kill-child';

const LENGTH = 60;
const KILL_AFTER = process.env['STRESS'] === '1' ? 45 : 12;

describe('crash: SIGKILL in the middle of a plan', () => {
  it('the restarted host resumes the plan: no completed step runs again, the interrupted one is not re-sent, the rest runs to the end', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-plan-crash-')), 'switchboard.db');
    let planId = '';
    const done: string[] = [];
    await runUntilKilled(
      new URL('./plan-crash-child.ts', import.meta.url),
      [databasePath, String(LENGTH)],
      ([word, id]) => {
        if (word === 'ready') planId = id!;
        if (word === 'done') done.push(id!);
        return done.length === KILL_AFTER;
      },
    );

    const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    const call = (name: string, input: unknown = {}) => orchestrator.invoke(humanCaller, name, input);
    await orchestrator.ready;
    const instructions = async () =>
      ((await call('message.history', { kinds: ['instruction'], limit: 500 })) as { messages: Message[] })
        .messages;
    let plan = (await call('plan.get', { plan: planId })) as Plan;
    expect(plan.state).toBe('running');
    const completed = plan.steps.filter((s) => s.state === 'completed').map((s) => s.id);
    // Every acknowledged completion survived; at most one more landed between the last "done" and the kill.
    for (const id of done) expect(completed).toContain(id);
    expect(completed.length - done.length).toBeLessThanOrEqual(1);
    // Exactly one step is in flight (the chain's next), and every step so far got exactly one instruction.
    const running = plan.steps.filter((s) => s.state === 'running');
    expect(running.map((s) => s.id)).toEqual([`s${completed.length}`]);
    const sentBefore = await instructions();
    expect(sentBefore.map((m) => m.correlationId).sort()).toEqual(
      [...completed, running[0]!.id].map((id) => `plan:${planId}:${id}:1`).sort(),
    );

    for (let i = completed.length; i < LENGTH; i++) {
      const assignee = plan.steps[i]!.assigneeId!;
      await orchestrator.invoke({ kind: 'agent', id: assignee }, 'plan.completeStep', {
        plan: planId,
        step: `s${i}`,
        output: `out ${i}`,
      });
      plan = (await call('plan.get', { plan: planId })) as Plan;
    }
    expect(plan.state).toBe('completed');
    expect(plan.steps.every((s) => s.attempt === 1 && s.state === 'completed')).toBe(true);
    expect(plan.steps.map((s) => s.output)).toEqual(plan.steps.map((_, i) => `out ${i}`));
    const sent = await instructions();
    expect(sent).toHaveLength(LENGTH);
    expect(new Set(sent.map((m) => m.correlationId)).size).toBe(LENGTH);
    await orchestrator.close();
  }, 120_000);
});
