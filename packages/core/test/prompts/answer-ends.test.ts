import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { DEFAULT_PROMPT_TIMINGS, createOrchestrator, type Orchestrator } from '../../src/index';
import { INTERRUPTED } from '../../src/prompts/prompt-answerer';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../health/scripted-backend';
import { promptBackend } from './prompt-backend';
import { PERMISSION, setupPrompts } from './prompt-fixture';

// Found by use (session 25): the approvals history showed an item "approved · answering…" for good. The answer's
// outcome lived only in the prompt.answered event: a window opened after it never saw it, and a host stopped in the
// middle of an answer never sent it. Every answer now ends in an outcome kept with the item.
const historyOf = async (orchestrator: Orchestrator) =>
  (
    (await orchestrator.invoke(humanCaller, 'approval.history', { kind: 'permission' })) as {
      approvals: Approval[];
    }
  ).approvals;

describe("a permission prompt's answer ends in an outcome kept with the item", () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  it('a confirmed answer is read back with the item (approval.history), not only seen live', async () => {
    const fx = await setupPrompts();
    orchestrator = fx.orchestrator;
    fx.scripted.onTyped((pane, input) => input === 'enter' && fx.scripted.show(pane, ['● Done.', '❯ ']));
    await fx.prompt(PERMISSION);
    const [item] = await fx.pending();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    expect((await historyOf(orchestrator))[0]!.answer).toBeUndefined(); // under way
    await fx.step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(fx.of('prompt.answered')).toMatchObject([{ confirmed: true }]);
    expect((await historyOf(orchestrator))[0]).toMatchObject({
      id: item!.id,
      answer: { confirmed: true, error: null, keys: ['enter'] },
    });
  });

  it('an answer the host stopped in the middle of ends, at the next start, not confirmed: check the pane', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-answer-ends-')), 'switchboard.db');
    const clock = new FakeClock();
    const scripted = promptBackend();
    const first = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const { agent } = await first.fleet.spawn({ name: 'c1', kind: 'claude', role: 'builder' });
    scripted.show(agent.paneId!, PERMISSION);
    for (let i = 0; i < 100; i++) {
      clock.advance(10);
      await settle();
    }
    const [item] = (
      (await first.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as { approvals: Approval[] }
    ).approvals;
    await first.invoke(humanCaller, 'approval.decide', { decisions: [{ id: item!.id, verdict: 'approve' }] });
    await first.close(); // the keys are still waiting for the dialog to settle

    orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    await orchestrator.ready;
    await settle();
    const answered = events.filter((e): e is EventOf<'prompt.answered'> => e.type === 'prompt.answered');
    expect(answered).toMatchObject([{ approvalId: item!.id, confirmed: false, error: INTERRUPTED }]);
    expect((await historyOf(orchestrator))[0]).toMatchObject({
      id: item!.id,
      status: 'approved',
      answer: { confirmed: false, error: INTERRUPTED, keys: [] },
    });
    // Once: the next start has nothing left to settle.
    await orchestrator.close();
    orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const again: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => again.push(e));
    await orchestrator.ready;
    await settle();
    expect(again.filter((e) => e.type === 'prompt.answered')).toEqual([]);
  });

  it('an item decided before answers were kept takes its outcome from its audit entry at the next start', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-answer-audit-')), 'switchboard.db');
    const clock = new FakeClock();
    const scripted = promptBackend();
    scripted.onTyped((pane, input) => input === 'enter' && scripted.show(pane, ['● Done.', '❯ ']));
    const first = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const { agent } = await first.fleet.spawn({ name: 'c1', kind: 'claude', role: 'builder' });
    scripted.show(agent.paneId!, PERMISSION);
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(10);
        await settle();
      }
    };
    await step(1000);
    const [item] = (
      (await first.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as { approvals: Approval[] }
    ).approvals;
    await first.invoke(humanCaller, 'approval.decide', { decisions: [{ id: item!.id, verdict: 'approve' }] });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    await first.close();
    const raw = new Database(databasePath);
    raw.prepare('UPDATE approvals SET answer = NULL').run(); // as stored before answers were kept
    raw.close();

    orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    await orchestrator.ready;
    await settle();
    expect(events.filter((e) => e.type === 'prompt.answered')).toEqual([]);
    expect((await historyOf(orchestrator))[0]).toMatchObject({
      id: item!.id,
      answer: { confirmed: true, error: null, keys: ['enter'] },
    });
  });
});
