// Real Claude Code 2.1.328 (offline, scripted model) on the embedded iTerm2-API server, with its
// permission prompt up: (1) no other writer answers it — another worker's and an orchestrator's
// pane.keys/pane.send and the human's typing are refused, the prompt stays, the command does not run;
// (2) a re-layout that shrinks the pane until Claude Code scrolls its dialog, and grows it back, keeps
// one item (one request, one toast, nothing withdrawn), and the decision still answers it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SwitchboardError,
  humanCaller,
  type Approval,
  type Caller,
  type EventOf,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { readPrompt } from '@switchboard/core';
import type { Host } from '../../src/index';
import { claudeSandbox } from '../health/support/claude-env';
import {
  hostAndModelPerTest,
  screenText,
  sleep,
  startEmbeddedHost,
  until,
} from '../health/support/embedded-stack';
import { startScriptedModel } from '../../../../test/support/scripted-model';

const FILE = 'approved.txt';

describe('real Claude Code: a permission prompt is answered only by a decision, and stays one item across re-layouts', () => {
  const live = hostAndModelPerTest();

  /** Claude Code in its own pane, showing the permission prompt for `touch approved.txt`, and its item. */
  async function claudeAtPrompt(before?: (host: Host) => Promise<void>) {
    const model = (live.model = await startScriptedModel([
      {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: `touch ${FILE}`, description: 'Create the approved file' },
      },
      { kind: 'text', text: 'Created it.' },
    ]));
    const host = (live.host = await startEmbeddedHost());
    const events: SwitchboardEvent[] = [];
    host.orchestrator.subscribe((event) => events.push(event));
    const human = (name: string, input: unknown) => host.orchestrator.invoke(humanCaller, name, input);
    const sandbox = claudeSandbox({ modelUrl: model.url, hostUrl: host.url });
    const { agent } = await host.orchestrator.fleet.spawn({
      name: 'claude-1',
      kind: 'claude',
      command: sandbox.command,
      cwd: sandbox.cwd,
      role: 'builder',
    });
    await before?.(host);
    const paneId = agent.paneId!;
    const read = () => host.backend.readScreen(paneId);
    const screen = async () => screenText(await read());
    await until(() => host.orchestrator.health.get(agent.id).state === 'idle' || undefined, 90_000, screen);
    await host.backend.sendText(paneId, 'create the file');
    await sleep(400);
    await host.backend.sendText(paneId, '\r');
    const pending = async () =>
      ((await human('approval.list', { kind: 'permission' })) as { approvals: Approval[] }).approvals;
    const item = await until(
      async () => (await pending()).find((a) => a.payload['command'] === `touch ${FILE}`),
      90_000,
      async () => `no item; screen:\n${await screen()}`,
    );
    const of = <T extends SwitchboardEvent['type']>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type);
    return { host, human, agent, paneId, read, screen, pending, item, of, file: join(sandbox.cwd, FILE) };
  }

  it("another worker's and an orchestrator's pane.keys/pane.send, and the human's typing, are refused; the prompt stays unanswered", async () => {
    // The other workers live in their own team's window, so Claude Code's pane keeps its size and its dialog whole.
    let worker = '';
    let boss = '';
    const { human, screen, pending, item, of, file } = await claudeAtPrompt(async (host) => {
      await host.orchestrator.invoke(humanCaller, 'team.create', { name: 'others' });
      const spawn = async (name: string, role: string) =>
        (
          (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
            name,
            kind: 'shell',
            role,
            team: 'others',
          })) as { id: string }
        ).id;
      worker = await spawn('worker', 'builder');
      boss = await spawn('boss', 'orchestrator');
    });
    const { host } = live;
    const refusal = async (caller: Caller, name: 'pane.keys' | 'pane.send', input: unknown) => {
      const error = await host!.orchestrator.invoke(caller, name, input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${name} by ${JSON.stringify(caller)} was not refused`).toBeInstanceOf(SwitchboardError);
      return error as SwitchboardError;
    };
    const asWorker: Caller = { kind: 'agent', id: worker };
    const asBoss: Caller = { kind: 'agent', id: boss };
    // A builder may not write into another agent's pane at all.
    expect((await refusal(asWorker, 'pane.keys', { targets: ['claude-1'], keys: ['enter'] })).code).toBe(
      'forbidden',
    );
    expect(
      (await refusal(asWorker, 'pane.send', { targets: ['claude-1'], text: '1', submit: true })).code,
    ).toBe('forbidden');
    // An orchestrator may, but not while the prompt is up: `conflict`, naming the prompt and its item.
    const conflict = await refusal(asBoss, 'pane.keys', { targets: ['claude-1'], keys: ['enter'] });
    expect(conflict).toMatchObject({ code: 'conflict', details: { reason: 'prompt', approvalId: item.id } });
    expect(conflict.message).toContain('Do you want to proceed?');
    expect((await refusal(asBoss, 'pane.keys', { targets: ['claude-1'], keys: ['escape'] })).code).toBe(
      'conflict',
    );
    expect(
      (await refusal(asBoss, 'pane.send', { targets: ['claude-1'], text: '1', submit: true })).code,
    ).toBe('conflict');
    expect(
      (await refusal(asBoss, 'pane.send', { targets: ['claude-1'], text: 'yes\r', submit: false })).code,
    ).toBe('conflict');
    // The human too: only approval.decide answers a prompt.
    expect(
      (await refusal(humanCaller, 'pane.send', { targets: ['claude-1'], text: '\r', submit: false })).code,
    ).toBe('conflict');
    expect((await refusal(humanCaller, 'pane.keys', { targets: ['claude-1'], keys: ['enter'] })).code).toBe(
      'conflict',
    );

    // Claude Code would have taken those keys long ago (it ignores keys only for ~1 s after drawing the dialog).
    await sleep(2_000);
    expect(existsSync(file)).toBe(false);
    expect(await screen()).toContain('Do you want to proceed?');
    expect((await pending()).map((a) => [a.id, a.status])).toEqual([[item.id, 'pending']]);
    expect(of('prompt.answered')).toEqual([]);
    // The refused writes are audited as denied, with the writer and the prompt's item.
    const { entries } = (await human('audit.list', { action: 'pane.write' })) as {
      entries: { actor: Caller; outcome: string; details: Record<string, unknown> }[];
    };
    expect(
      entries.some(
        (e) => e.outcome === 'denied' && e.actor.id === boss && e.details['approvalId'] === item.id,
      ),
    ).toBe(true);

    // The decision answers it, confirmed on screen and on disk.
    await human('approval.decide', { decisions: [{ id: item.id, verdict: 'approve' }] });
    await until(() => existsSync(file) || undefined, 60_000, screen);
    const answered = await until(
      () => of('prompt.answered').find((e) => e.approvalId === item.id),
      30_000,
      screen,
    );
    expect(answered).toMatchObject({ confirmed: true, keys: ['enter'], error: null });
  }, 300_000);

  it('a re-layout that shrinks the pane until the dialog scrolls, and grows it back, keeps one item; the decision answers it', async () => {
    const { human, agent, read, screen, pending, item, of, file } = await claudeAtPrompt();
    expect(item.payload).toMatchObject({ tool: 'Bash command', detailed: true });
    const rows = async () => (await read()).lines.length;
    const fullRows = await rows();
    const shrink = async () => {
      // Two more agents in the same window: the grid leaves Claude Code's pane half as wide and half as tall.
      for (const name of ['w1', 'w2']) await human('agent.spawn', { name, kind: 'shell', role: 'builder' });
      return until(
        async () => {
          const snapshot = await read();
          const prompt = readPrompt('claude', snapshot);
          return snapshot.lines.length < fullRows && prompt && prompt.command === null ? snapshot : undefined;
        },
        60_000,
        async () => `the dialog did not scroll short; screen:\n${await screen()}`,
      );
    };
    const grow = async () => {
      for (const name of ['w1', 'w2']) await human('agent.close', { agent: name });
      await until(
        async () =>
          (await rows()) === fullRows && (await screen()).includes(`touch ${FILE}`) ? true : undefined,
        60_000,
        screen,
      );
    };
    const short = await shrink();
    expect(screenText(short)).toMatch(/more lines/);
    await sleep(1_500);
    await grow();
    await sleep(1_500);
    await shrink();
    await sleep(1_500);

    // One prompt, one item, one request, one toast; nothing withdrawn and raised again.
    const raised = of('approval.requested').map((e) => e.approval.payload);
    expect(of('approval.withdrawn'), `withdrawn, then raised again: ${JSON.stringify(raised)}`).toEqual([]);
    expect((await pending()).map((a) => a.id)).toEqual([item.id]);
    expect(
      of('approval.requested')
        .filter((e) => e.approval.kind === 'permission')
        .map((e) => e.approval.id),
    ).toEqual([item.id]);
    // The person's notice about it: one attention item (raised, or an earlier one of the agent turned into it), never a second.
    const notices = [...of('attention.raised'), ...of('attention.updated')]
      .map((e) => e.item)
      .filter((i) => i.agentId === agent.id && i.approvalId !== null);
    expect([...new Set(notices.map((i) => `${i.id} ${i.approvalId}`))]).toEqual([
      `${notices[0]?.id} ${item.id}`,
    ]);

    // Approved while the dialog is scrolled short: the keys reach it, the command runs, the answer is confirmed.
    await human('approval.decide', { decisions: [{ id: item.id, verdict: 'approve' }] });
    await until(() => existsSync(file) || undefined, 60_000, screen);
    const answered = await until(
      () => of('prompt.answered').find((e) => e.approvalId === item.id),
      30_000,
      screen,
    );
    expect(answered).toMatchObject({ confirmed: true, keys: ['enter'], error: null });
  }, 300_000);
});
