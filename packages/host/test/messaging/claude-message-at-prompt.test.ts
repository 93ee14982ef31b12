// A message sent to real Claude Code 2.1.328 (offline, scripted model, embedded iTerm2-API server)
// while it shows a permission prompt never answers the prompt: it waits (reason in message.status)
// and is typed intact once the human decided the prompt, whether "yes" or "no".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Approval,
  type AuditEntry,
  type InboxStatus,
  type Message,
} from '@switchboard/protocol';
import { claudeSandbox } from '../health/support/claude-env';
import { hostAndModelPerTest, screenText, startEmbeddedHost, until } from '../health/support/embedded-stack';
import { startScriptedModel } from '../../../../test/support/scripted-model';

// Digits and "yes" would move or accept the prompt's selection if they ever reached it.
const BODY = '1 yes 2\nplease also run the linter, then answer "4"';
const TYPED_BODY = '1 yes 2 ⏎ please also run the linter, then answer "4"';

/** The text of a conversation's last user message (string content, or its text blocks). */
function lastUserText(conversation: unknown[]): string {
  const last = conversation.at(-1) as { role?: string; content?: unknown } | undefined;
  if (!last || last.role !== 'user') return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content
    .map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : ''))
    .join('\n');
}

describe('real Claude Code: a message does not answer a permission prompt and arrives intact after the decision', () => {
  const live = hostAndModelPerTest();

  async function run(verdict: 'approve' | 'deny') {
    const file = verdict === 'approve' ? 'approved.txt' : 'denied.txt';
    const model = (live.model = await startScriptedModel([
      { kind: 'tool_use', name: 'Bash', input: { command: `touch ${file}`, description: 'Create the file' } },
      ...(verdict === 'approve' ? [{ kind: 'text' as const, text: 'Created it.' }] : []),
      { kind: 'text', text: 'Read your message.' },
    ]));
    const target = (live.host = await startEmbeddedHost());
    const human = (name: string, input: unknown) => target.orchestrator.invoke(humanCaller, name, input);
    // Off the MCP endpoint on purpose: an agent on it would get the one-line inbox notice, not the text typed in full.
    const sandbox = claudeSandbox({ modelUrl: model.url, hostUrl: target.url, offEndpoint: true });
    const { agent } = await target.orchestrator.fleet.spawn({
      name: 'claude-1',
      kind: 'claude',
      command: sandbox.command,
      cwd: sandbox.cwd,
      role: 'builder',
    });
    const lead = (await human('agent.spawn', { name: 'lead', kind: 'shell', role: 'orchestrator' })) as {
      id: string;
    };
    const paneId = agent.paneId!;
    const screen = async () => screenText(await target.backend.readScreen(paneId));
    await until(() => target.orchestrator.health.get(agent.id).state === 'idle' || undefined, 90_000, screen);
    await target.backend.sendText(paneId, 'create the file');
    await new Promise((r) => setTimeout(r, 400));
    await target.backend.sendText(paneId, '\r');

    const item = await until(
      async () => {
        const { approvals } = (await human('approval.list', { kind: 'permission' })) as {
          approvals: Approval[];
        };
        return approvals.find((a) => a.payload.command === `touch ${file}`);
      },
      90_000,
      async () => `no permission item; screen:\n${await screen()}`,
    );

    // The message arrives while the prompt is up: it waits, saying why, and the prompt stays unanswered.
    const sent = (await target.orchestrator.invoke({ kind: 'agent', id: lead.id }, 'message.send', {
      kind: 'instruction',
      to: { agent: 'claude-1' },
      body: BODY,
    })) as { messageIds: string[] };
    const messageId = sent.messageIds[0]!;
    const status = async () =>
      ((await human('message.status', { agent: 'claude-1' })) as { inboxes: InboxStatus[] }).inboxes[0]!;
    const waiting = await until(
      async () => {
        const inbox = await status();
        return inbox.pane.reason?.includes('permission prompt') ? inbox : undefined;
      },
      30_000,
      async () => `no waiting reason: ${JSON.stringify(await status())}`,
    );
    expect(waiting.pane).toMatchObject({ waiting: 1, input: 'cli' });
    expect(
      ((await human('approval.list', { kind: 'permission' })) as { approvals: Approval[] }).approvals.map(
        (a) => a.id,
      ),
    ).toEqual([item.id]);
    expect(existsSync(join(sandbox.cwd, file))).toBe(false);
    expect(await screen()).toMatch(/Do you want to proceed\?/);

    // The human decides; then, once Claude Code is idle again, the message is typed whole, once.
    await human('approval.decide', { decisions: [{ id: item.id, verdict }] });
    const carrying = () => model.conversations.map(lastUserText).filter((text) => text.includes(messageId));
    const [text] = await until(
      () => (carrying().length ? carrying() : undefined),
      120_000,
      async () => `the model never got the message; screen:\n${await screen()}`,
    );
    expect(text).toContain(`[switchboard instruction from lead · ${messageId}] ${TYPED_BODY}`);
    await until(async () => /Read your message\./.test(await screen()) || undefined, 60_000, screen);

    expect(existsSync(join(sandbox.cwd, file))).toBe(verdict === 'approve');
    const { approvals } = (await human('approval.history', { kind: 'permission' })) as {
      approvals: Approval[];
    };
    expect(approvals.map((a) => [a.id, a.status, a.decision?.decidedBy])).toEqual([
      [item.id, verdict === 'approve' ? 'approved' : 'denied', 'human'],
    ]);
    const { entries } = (await human('audit.list', { action: 'prompt.answered' })) as {
      entries: AuditEntry[];
    };
    expect(entries.map((e) => [e.actor, e.target])).toEqual([[{ kind: 'human', id: 'human' }, item.id]]);
    // The model has the text; Switchboard confirms the submission from the screen a moment later (slower under load).
    const history = async () =>
      ((await human('message.history', { agent: 'claude-1' })) as { messages: Message[] }).messages;
    const messages = await until(
      async () => {
        const all = await history();
        return all.every((m) => !['typing', 'pending', 'held'].includes(m.pane.state)) ? all : undefined;
      },
      30_000,
      async () => JSON.stringify(await history()),
    );
    expect(messages.map((m) => [m.id, m.state, m.pane.state])).toEqual([[messageId, 'acked', 'submitted']]);
    // Typed once: only the request that first carried it (later requests repeat the conversation, not a new turn).
    expect(model.conversations.filter((c) => lastUserText(c).includes(messageId))).toHaveLength(1);
  }

  it('"yes": the command runs because the human approved it, then the message arrives', async () => {
    await run('approve');
  }, 300_000);

  it('"no": the command does not run, then the message arrives', async () => {
    await run('deny');
  }, 300_000);
});
