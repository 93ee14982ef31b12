import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type Caller } from '@switchboard/protocol';
import { DEFAULT_PROMPT_TIMINGS, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../health/scripted-backend';
import { promptBackend } from './prompt-backend';
import { setupPrompts } from './prompt-fixture';

// Found by use (session 25): a Claude Code agent's permission item (from its Notification hook) stayed "asks you"
// with Yes/No after the host restarted and the agent was restored in a new pane, where no prompt could be: its
// program, the one that asked, was gone. An item known from a hook is never withdrawn by what the screen shows.
const permissionHook = (orchestrator: Orchestrator, agentId: string) =>
  orchestrator.invoke({ kind: 'agent', id: agentId } satisfies Caller, 'health.reportHook', {
    event: 'Notification',
    notificationType: 'permission_prompt',
    message: 'Claude needs your permission',
  });
const pendingOf = async (orchestrator: Orchestrator) =>
  (
    (await orchestrator.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as {
      approvals: Approval[];
    }
  ).approvals;

describe('an agent started again in a new pane: its permission item goes with its old program', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  it('agent.restart withdraws the item its old CLI raised', async () => {
    const fx = await setupPrompts();
    orchestrator = fx.orchestrator;
    fx.scripted.show(fx.paneId, ['garbled']);
    await permissionHook(fx.orchestrator, fx.agent.id);
    await fx.step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 100);
    const [item] = await fx.pending();
    expect(item).toMatchObject({ payload: { source: 'hook' } });
    await fx.orchestrator.invoke(humanCaller, 'agent.restart', { agent: 'c1' });
    await fx.step(500);
    expect(await fx.pending()).toEqual([]);
    expect(fx.orchestrator.approvals.get(item!.id)).toMatchObject({ status: 'withdrawn' });
  });

  it('after a host restart on a fresh terminal, restoring the lost agent withdraws the item adopted from before', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-prompt-relaunch-')), 'switchboard.db');
    const clock = new FakeClock();
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    const before = promptBackend();
    // Pane ids of the memory backend count from 1 in each: the agent's old pane gets another id than its new one, as in
    // a real terminal.
    for (let i = 0; i < 3; i++) await before.backend.closePane((await before.backend.createPane({})).id);
    const first = createOrchestrator({ databasePath, backend: before.backend, clock });
    const { agent } = await first.fleet.spawn({ name: 'c1', kind: 'claude', role: 'builder' });
    before.show(agent.paneId!, ['garbled']);
    await permissionHook(first, agent.id);
    await step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 100);
    const [item] = await pendingOf(first);
    expect(item).toBeDefined();
    await first.close();

    // The terminal went with the host (the embedded server): the new one starts empty.
    orchestrator = createOrchestrator({ databasePath, backend: promptBackend().backend, clock });
    await orchestrator.ready;
    await step(500);
    expect(orchestrator.fleet.requireAgent(agent.id).state).toBe('lost');
    expect((await pendingOf(orchestrator)).map((a) => a.id)).toEqual([item!.id]);
    await orchestrator.invoke(humanCaller, 'fleet.restore', {});
    await step(500);
    expect(await pendingOf(orchestrator)).toEqual([]);
    expect(orchestrator.approvals.get(item!.id)).toMatchObject({ status: 'withdrawn' });
  });
});
