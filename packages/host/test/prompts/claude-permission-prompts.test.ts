// Permission prompts of real Claude Code 2.1.328 (offline, against a scripted model) on the embedded
// iTerm2-API server become approval items; deciding them over the WebSocket API answers the prompt.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Approval,
  type AuditEntry,
  type EventOf,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { connect, type Inbox } from '../host-fixture';
import { spawnSandboxedClaude, submitToClaude } from '../health/support/claude-env';
import { screenText, startEmbeddedHost, until } from '../health/support/embedded-stack';
import { startScriptedModel, type ScriptedModel } from '../../../../test/support/scripted-model';
import { HOOK_COMMAND } from '../support/shell-words';

interface ToolResult {
  type: 'tool_result';
  tool_use_id: string;
  is_error?: boolean;
  content: unknown;
}

/** Every tool_result block Claude Code has sent the model so far. */
function toolResults(model: ScriptedModel): ToolResult[] {
  const blocks = model.conversations.flatMap((messages) =>
    messages.flatMap((m) => {
      const content = (m as { content?: unknown }).content;
      return Array.isArray(content)
        ? content.filter((b): b is ToolResult => (b as { type?: string }).type === 'tool_result')
        : [];
    }),
  );
  return [...new Map(blocks.map((b) => [b.tool_use_id, b])).values()];
}

describe('real Claude Code permission prompts → approval items → answered from Switchboard', () => {
  let host: Host | undefined;
  let model: ScriptedModel | undefined;
  afterEach(async () => {
    await host?.close();
    await model?.close();
    host = model = undefined;
  });

  async function api(target: Host) {
    const { socket, inbox } = await connect(target.port, { token: target.token });
    let id = 0;
    const call = async (name: string, input: unknown) => {
      const callId = ++id;
      socket!.send(JSON.stringify({ type: 'call', id: callId, name, input }));
      const result = await inbox!.next((m) => m['type'] === 'result' && m['id'] === callId);
      if (result['ok'] !== true) throw new Error(`${name} failed: ${JSON.stringify(result['error'])}`);
      return result['output'];
    };
    return { socket: socket!, inbox: inbox!, call };
  }

  const events = (inbox: Inbox) =>
    inbox.received.filter((m) => m['type'] === 'event').map((m) => m['event'] as SwitchboardEvent);
  const of = <T extends SwitchboardEvent['type']>(inbox: Inbox, type: T) =>
    events(inbox).filter((e): e is EventOf<T> => e.type === type);

  async function run(withHooks: boolean) {
    model = await startScriptedModel([
      {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: 'touch approved.txt', description: 'Create the approved file' },
      },
      { kind: 'text', text: 'Created approved.txt.' },
      {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: 'touch denied.txt', description: 'Create the denied file' },
      },
      { kind: 'text', text: 'Understood, I will not create it.' },
    ]);
    host = await startEmbeddedHost(withHooks ? { claudeHookCommand: HOOK_COMMAND } : {});
    const target = host;
    const client = await api(target);
    await client.inbox.next((m) => m['type'] === 'hello');
    const { agent, paneId, sandbox } = await spawnSandboxedClaude(target, { modelUrl: model.url, withHooks });
    const screen = async () => screenText(await target.backend.readScreen(paneId));
    const type = (text: string) => submitToClaude(target.backend, paneId, text);
    const pendingItem = (command: string) =>
      until(
        async () => {
          const { approvals } = (await client.call('approval.list', { kind: 'permission' })) as {
            approvals: Approval[];
          };
          return approvals.find((a) => a.payload.command === command);
        },
        60_000,
        async () => `no item for ${command}; screen:\n${await screen()}`,
      );

    await until(() => target.orchestrator.health.get(agent.id).state === 'idle' || undefined, 60_000, screen);
    await type('create the two files');

    // 1. The first prompt becomes one item with the command and Claude Code's four choices; approve it over the API.
    const first = await pendingItem('touch approved.txt');
    expect(first).toMatchObject({
      kind: 'permission',
      requester: agent.id,
      payload: { source: 'screen', tool: 'Bash command', description: 'Create the approved file' },
    });
    expect(first.choices[0]).toBe('Yes');
    expect(first.choices.at(-1)).toBe('No');
    expect(first.choices).toHaveLength(4);
    if (withHooks) {
      // The item came from the screen; Claude Code's Notification hook for the dialog comes seconds later. Waited
      // for here (the first prompt only), so the hook and the screen meet on one prompt and must make one item.
      await until(
        () =>
          target.orchestrator.health
            .get(agent.id)
            .signals.some((s) => s.source === 'hook' && s.state === 'waiting_for_input') || undefined,
        30_000,
        async () => `no Notification hook; screen:\n${await screen()}`,
      );
    }
    const requestedAt = Date.parse(
      of(client.inbox, 'approval.requested').find((e) => e.approval.id === first.id)!.at,
    );
    const decidedAt = Date.now();
    await client.call('approval.decide', {
      decisions: [{ id: first.id, verdict: 'approve', comment: 'fine' }],
    });
    await until(() => existsSync(join(sandbox.cwd, 'approved.txt')) || undefined, 30_000, screen);
    const answered = await until(
      () => of(client.inbox, 'prompt.answered').find((e) => e.approvalId === first.id),
      30_000,
      screen,
    );
    expect(answered).toMatchObject({ confirmed: true, keys: ['enter'], error: null });
    // Measured, not asserted (timings belong in bench/): how long the answer took, settle guard included.
    console.log(
      JSON.stringify({
        withHooks,
        itemRaisedBeforeDecideMs: decidedAt - requestedAt,
        decideToConfirmedMs: Date.parse(answered.at) - decidedAt,
        attempts: answered.attempts,
      }),
    );

    // 2. Claude Code goes on, asks again; deny over the API: the command does not run and Claude Code says so.
    await until(async () => /Created approved\.txt\./.test(await screen()) || undefined, 30_000, screen);
    await type('now the other one');
    const second = await pendingItem('touch denied.txt');
    await client.call('approval.decide', { decisions: [{ id: second.id, verdict: 'deny' }] });
    const denied = await until(
      () => of(client.inbox, 'prompt.answered').find((e) => e.approvalId === second.id),
      30_000,
      screen,
    );
    expect(denied).toMatchObject({ confirmed: true, keys: ['down', 'down', 'down', 'enter'], error: null });
    const deniedScreen = await until(
      async () => {
        const text = await screen();
        return /Did not run|Interrupted|rejected/i.test(text) ? text : undefined;
      },
      30_000,
      screen,
    );
    expect(deniedScreen).toMatch(/What should Claude do instead\?/);
    expect(existsSync(join(sandbox.cwd, 'denied.txt'))).toBe(false);
    // Claude Code tells the model on its next request: the tool_result of the denied call is an error.
    await type('why did you stop?');
    const results = await until(
      () => (toolResults(model!).length >= 2 ? toolResults(model!) : undefined),
      30_000,
      screen,
    );
    expect(results[0]).toMatchObject({ is_error: false });
    expect(results[1]).toMatchObject({ is_error: true });
    expect(JSON.stringify(results[1]!.content)).toMatch(/doesn't want to proceed|rejected/i);

    // One item per prompt, each decided by the human, audited.
    const { approvals } = (await client.call('approval.history', { kind: 'permission' })) as {
      approvals: Approval[];
    };
    expect(approvals.map((a) => [a.payload.command, a.status, a.decision?.decidedBy])).toEqual([
      ['touch denied.txt', 'denied', 'human'],
      ['touch approved.txt', 'approved', 'human'],
    ]);
    expect(
      of(client.inbox, 'approval.requested').filter((e) => e.approval.kind === 'permission'),
    ).toHaveLength(2);
    const { entries } = (await client.call('audit.list', { action: 'prompt.answered' })) as {
      entries: AuditEntry[];
    };
    expect(entries.map((e) => [e.actor, e.target, (e.details as { confirmed: boolean }).confirmed])).toEqual([
      [{ kind: 'human', id: 'human' }, first.id, true],
      [{ kind: 'human', id: 'human' }, second.id, true],
    ]);
    // The permission prompts reached the person as attention items that the decisions then resolved.
    const raised = of(client.inbox, 'attention.raised')
      .map((e) => e.item)
      .concat(of(client.inbox, 'attention.updated').map((e) => e.item));
    expect(raised.some((i) => i.kind === 'approval_pending' && i.approvalId === first.id)).toBe(true);
    client.socket.close();
    return { agentId: agent.id };
  }

  it('without hooks: from the screen alone', async () => {
    await run(false);
  }, 240_000);

  it('with hooks: the Notification hook and the screen still make one item per prompt', async () => {
    const { agentId } = await run(true);
    const history = (await host!.orchestrator.invoke(humanCaller, 'health.history', { agent: agentId })) as {
      transitions: { signals: { source: string; detail: string }[] }[];
    };
    const hooks = history.transitions.flatMap((t) =>
      t.signals.filter((s) => s.source === 'hook').map((s) => s.detail),
    );
    // The Notification hook confirms a state the screen already set (no transition of its own): run() waited for it.
    expect(hooks).toContain('hook PreToolUse (Bash)');
  }, 240_000);
});
