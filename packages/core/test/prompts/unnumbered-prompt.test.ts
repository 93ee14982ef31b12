import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { DEFAULT_PROMPT_TIMINGS, type Orchestrator } from '../../src/index';
import { UNREADABLE } from '../../src/prompts/prompt-answerer';
import { setupPrompts } from './prompt-fixture';

/** Claude Code 2.1.328's auto-mode dialog for an MCP tool call, as captured: `❯ No` above `Yes`, unnumbered. */
const AUTO_MODE_TOOL_USE = (
  JSON.parse(
    readFileSync(
      new URL('../fixtures/screens/claude/waiting_for_input-tool-use-auto-mode.json', import.meta.url),
      'utf8',
    ),
  ) as { lines: string[] }
).lines;
const IDLE = ['', '● Done.', '', '─'.repeat(40), '❯ ', '─'.repeat(40), '  ⏵⏵ auto mode on'];

// Found by use (session 25): in auto mode against a gateway, Claude Code asks before each MCP tool call with "No"
// listed first. The item came from the Notification hook alone (the screen's unnumbered list was not read), and
// approving it pressed Enter: on "No". The tool call was refused while the queue said "approved · confirmed".
describe("Claude Code's unnumbered permission dialog (No first)", () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('becomes an item naming the MCP tool, and approving it walks down to "Yes"', async () => {
    const fx = await setupPrompts();
    orchestrator = fx.orchestrator;
    fx.scripted.onTyped((pane, input) => input === 'enter' && fx.scripted.show(pane, IDLE));
    await fx.prompt(AUTO_MODE_TOOL_USE);
    const [item] = await fx.pending();
    expect(item).toMatchObject({
      summary: 'c1 asks: Tool use: switchboard — Agent Whoami Tool: (MCP)',
      choices: ['No', 'Yes'],
      payload: { source: 'screen', tool: 'Tool use', question: 'Do you want to proceed?' },
    });
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    await fx.step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(fx.scripted.typed(fx.paneId)).toEqual(['down', 'enter']);
    expect(fx.of('prompt.answered')).toMatchObject([{ confirmed: true, keys: ['down', 'enter'] }]);
  });

  it('an item the hook raised (choices Yes, No) approved as "Yes" picks "Yes" by its label on the screen', async () => {
    const fx = await setupPrompts();
    orchestrator = fx.orchestrator;
    fx.scripted.onTyped((pane, input) => input === 'enter' && fx.scripted.show(pane, IDLE));
    const asAgent: Caller = { kind: 'agent', id: fx.agent.id };
    fx.scripted.show(fx.paneId, ['garbled']);
    await orchestrator.invoke(asAgent, 'health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission',
    });
    await fx.step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 100);
    const [hooked] = await fx.pending();
    expect(hooked).toMatchObject({ payload: { source: 'hook' }, choices: ['Yes', 'No'] });
    await fx.prompt(AUTO_MODE_TOOL_USE);
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: hooked!.id, verdict: 'approve', choice: 'Yes' }],
    });
    await fx.step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(fx.scripted.typed(fx.paneId)).toEqual(['down', 'enter']);
  });
});

// Found by use (session 25): an item known only from the hook, its dialog never readable, was approved with Enter —
// "Yes" in a numbered dialog, "No" in the unnumbered one. Switchboard never presses a key whose meaning it cannot read.
describe('a decision on an item known only from the hook', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  async function hookItem() {
    const fx = await setupPrompts();
    orchestrator = fx.orchestrator;
    fx.scripted.onTyped((pane, input) => input === 'enter' && fx.scripted.show(pane, IDLE));
    fx.scripted.show(fx.paneId, ['garbled']);
    await orchestrator.invoke({ kind: 'agent', id: fx.agent.id }, 'health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission',
    });
    await fx.step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 100);
    const [item] = await fx.pending();
    expect(item).toMatchObject({ payload: { source: 'hook' } });
    return { fx, item: item! };
  }

  it.each(['approve', 'deny'] as const)(
    '%s with the dialog never readable presses nothing and says to answer in the pane',
    async (verdict) => {
      const { fx, item } = await hookItem();
      await orchestrator.invoke(humanCaller, 'approval.decide', { decisions: [{ id: item.id, verdict }] });
      await fx.step(DEFAULT_PROMPT_TIMINGS.readableWaitMs + DEFAULT_PROMPT_TIMINGS.confirmTimeoutMs);
      expect(fx.scripted.typed(fx.paneId)).toEqual([]);
      expect(fx.of('prompt.answered')).toMatchObject([
        { approvalId: item.id, confirmed: false, keys: [], attempts: 0, error: UNREADABLE },
      ]);
      const { items } = (await orchestrator.invoke(humanCaller, 'attention.list', {})) as {
        items: { kind: string; title: string; agentId: string | null }[];
      };
      expect(items.find((i) => i.kind === 'error')).toMatchObject({
        title: 'c1: nothing was pressed — answer in the pane',
        agentId: fx.agent.id,
      });
    },
  );

  it('approve waits for the dialog to become readable, then picks "Yes" by its label', async () => {
    const { fx, item } = await hookItem();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item.id, verdict: 'approve' }],
    });
    await fx.step(DEFAULT_PROMPT_TIMINGS.readableWaitMs / 2);
    expect(fx.scripted.typed(fx.paneId)).toEqual([]);
    fx.scripted.show(fx.paneId, AUTO_MODE_TOOL_USE);
    await fx.step(DEFAULT_PROMPT_TIMINGS.readableWaitMs + DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(fx.scripted.typed(fx.paneId)).toEqual(['down', 'enter']);
    expect(fx.of('prompt.answered')).toMatchObject([{ confirmed: true, keys: ['down', 'enter'] }]);
  });
});
