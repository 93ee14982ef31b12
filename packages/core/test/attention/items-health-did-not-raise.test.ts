// An agent's health resolves the attention items it raised (waiting, error, hung, finished) when the agent leaves
// that state. The `error` items other facts raise — a message copy or a first task typed and its submission not
// seen, a permission prompt that did not take the answer — are about something health did not see change: they
// close on their own fact (acknowledged, submitted, the prompt gone or answered), not on the next health change.
import { describe, expect, it } from 'vitest';
import type { AttentionItem, SwitchboardEvent } from '@switchboard/protocol';
import { reactionsTo } from '../../src/index';
import { deafCli } from '../messages/deaf-cli';
import type { messagingFixture } from '../messages/messaging-fixture';

type Fixture = ReturnType<typeof messagingFixture>;
type Agent = Awaited<ReturnType<Fixture['spawn']>>;

async function openTitles(f: Fixture) {
  const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
  return items.map((i) => i.title).sort();
}

/** The agent's health goes working, then idle (its hooks say so), with nothing typed or acknowledged. */
async function aTurnPasses(f: Fixture, agent: Agent) {
  const changes = f.ofType('health.state_changed').length;
  await agent.call('health.reportHook', { event: 'PreToolUse', toolName: 'Bash' });
  await agent.call('health.reportHook', { event: 'Stop' });
  await f.drive(() => false, 50, 4);
  expect(f.ofType('health.state_changed').length).toBeGreaterThanOrEqual(changes + 2);
}

describe('health resolves only the items health raised; the others close on their own facts', () => {
  it("an unconfirmed message copy's item stays through a turn of the agent; the copy's ack closes it", async () => {
    const { f } = deafCli();
    const agent = await f.spawn('copy-h', { kind: 'claude' });
    const { messageIds } = await f.human<{ messageIds: string[] }>('message.send', {
      to: { agent: 'copy-h' },
      body: 'are you there',
    });
    await f.drive(() => f.ofType('message.pane_unconfirmed').length > 0, 50, 1_200);
    const title = `copy-h: message ${messageIds[0]} was typed, its submission not seen`;
    await aTurnPasses(f, agent);
    expect(await openTitles(f)).toContain(title);
    await agent.call('message.ack', { messageIds });
    expect(await openTitles(f)).not.toContain(title);
  });

  it("an unconfirmed first task's item stays through a turn of the agent; its late submission closes it", async () => {
    const { f } = deafCli();
    const agent = await f.spawn('task-h', { kind: 'claude', task: 'fix the build' });
    await agent.call('agent.whoami', {}); // its MCP client has Switchboard's tools: the task is typed
    await f.drive(() => f.ofType('agent.task_unconfirmed').length > 0, 50, 1_200);
    const title = 'task-h: its first task was typed, its submission not seen';
    await aTurnPasses(f, agent);
    expect(await openTitles(f)).toContain(title);
    await agent.call('health.reportHook', { event: 'UserPromptSubmit' }); // the CLI read the Enter after all
    expect(f.ofType('agent.task_submitted')).toHaveLength(1);
    expect(await openTitles(f)).not.toContain(title);
  });

  it("an agent's own error item still goes when its health leaves error", async () => {
    const { f } = deafCli();
    const agent = await f.spawn('err-h', { kind: 'claude' });
    f.orchestrator.attention.notify({
      kind: 'error',
      severity: 'critical',
      agentId: agent.id,
      title: 'err-h hit an error',
      body: 'b',
      approvalId: null,
    });
    await aTurnPasses(f, agent);
    expect(await openTitles(f)).toEqual(['err-h finished']);
  });

  it("a prompt's answer that did not take is resolved by the prompt leaving (health out of waiting) or an answer that took, not by other changes", () => {
    const agentId = 'agent-1';
    const health = (previous: string, state: string) =>
      ({
        type: 'health.state_changed',
        agentId,
        previous,
        health: { state, signals: [] },
      }) as unknown as SwitchboardEvent;
    const closesPrompt = (event: SwitchboardEvent) =>
      reactionsTo(event, { findAgent: () => undefined, nameOf: (id) => id }).some(
        (r) => r.resolve && 'agentId' in r.resolve && r.resolve.about?.includes('prompt-answer'),
      );
    expect(closesPrompt(health('working', 'idle'))).toBe(false);
    expect(closesPrompt(health('error', 'working'))).toBe(false);
    expect(closesPrompt(health('waiting_for_input', 'working'))).toBe(true);
    const answered = (confirmed: boolean) =>
      ({
        type: 'prompt.answered',
        approvalId: 'approval-1',
        agentId,
        choice: null,
        keys: ['\r'],
        attempts: 1,
        confirmed,
        error: null,
      }) as unknown as SwitchboardEvent;
    expect(closesPrompt(answered(true))).toBe(true);
    expect(closesPrompt(answered(false))).toBe(false);
  });
});
