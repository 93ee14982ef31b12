// A person's session with real agents (session 26, found by use): three real Claude Code CLIs against the scripted
// local model, spawned from the UI's spawn form (two in one folder, default permission mode, no hand-written
// --allowedTools), on the embedded iTerm2-API server. Each knows who it is from its first task (agent_whoami); they
// message, hand off, lock and ask the human; the person approves the handoff and answers a Bash permission prompt in
// the UI and drags an agent to another team; the host is SIGKILLed and started again: every agent back as itself,
// the unacknowledged handoff still there, the queue as it was; decided, the askers are told.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SwitchboardError } from '@switchboard/protocol';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { claudeMachine } from './claude-machine';
import type { HostProcess } from './host-process';
import { screenshotPath } from './screenshots';
import { centreOf, dragTo } from './ui-drag';
import { CLAUDE_BIN } from '../../packages/host/test/health/support/claude-env';
import { startScriptedModel, type ModelRequest, type ModelTurn } from '../support/scripted-model';

const KEY = 'sk-ant-api03-scripted-fleet-key-0123456789abcdefghi';
const T = (name: string) => `mcp__switchboard__${name}`;
/** Per agent: what the model made it do, in order; its agent_whoami results; the message ids it received. */
const played = new Map<string, string[]>();
const whoami = new Map<string, string[]>();
const received = new Map<string, string[]>();
const receivedBodies = new Map<string, string[]>();

const nameIn = (request: ModelRequest) =>
  request.userTexts.map((text) => /You are (\w+)\. Check who you are/.exec(text)?.[1]).find(Boolean);

/** The model's side: each agent's steps, driven by what was typed into its pane and by its tools' results. */
function script(request: ModelRequest): ModelTurn {
  const me = request.main ? nameIn(request) : undefined;
  if (!me) return { kind: 'text', text: 'ok' };
  const did = played.get(me) ?? [];
  played.set(me, did);
  const turn = (step: string, answer: ModelTurn): ModelTurn => (did.push(step), answer);
  const tool = (step: string, name: string, input: Record<string, unknown> = {}) =>
    turn(step, { kind: 'tool_use', name: T(name), input });
  const result = request.toolResults.join('\n');
  if (request.toolResults.length > 0) {
    const previous = did.at(-1);
    if (previous?.startsWith('whoami')) whoami.set(me, [...(whoami.get(me) ?? []), result]);
    if (previous === 'receive') {
      received.set(me, [
        ...(received.get(me) ?? []),
        ...[...result.matchAll(/"id":"(msg-[^"]+)"/g)].map((m) => m[1]!),
      ]);
      receivedBodies.set(me, [...(receivedBodies.get(me) ?? []), result]);
    }
    if (previous === 'whoami' && me === 'ana')
      return tool('send', 'message_send', {
        to: { agent: 'ben' },
        body: 'Please review form.tsx',
        kind: 'request',
      });
    if (previous === 'whoami' && me === 'cai')
      return tool('lock', 'lock_acquire', {
        resource: { kind: 'file', name: 'src/login/**' },
        ttlMs: 3_600_000,
      });
    if (previous === 'lock')
      return tool('ask', 'approval_request', {
        kind: 'escalation',
        summary: 'Deploy to staging?',
        expiresInMs: 3_600_000,
      });
    if (previous === 'ask')
      return turn('bash', {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: 'touch permitted.txt', description: 'Mark' },
      });
    if (previous === 'receive' && me === 'ben' && result.includes('review'))
      return tool('handoff', 'message_send', {
        to: { agent: 'cai' },
        body: 'The release notes are yours.',
        kind: 'handoff',
      });
    if (previous === 'handoff') return tool('ack', 'message_ack', { messageIds: received.get(me) ?? [] });
    return turn('done', { kind: 'text', text: `${me} done.` });
  }
  const typed = request.userTexts.at(-1) ?? '';
  if (/in your inbox/.test(typed)) return tool('receive', 'message_receive', { wait: 0 });
  if (/Ask for the lock/.test(typed))
    return tool('lock-request', 'lock_request', {
      resource: { kind: 'file', name: 'src/login/**' },
      ttlMs: 600_000,
    });
  if (/Check who you are|Who are you now/.test(typed))
    return tool(did.length ? 'whoami-again' : 'whoami', 'agent_whoami');
  return turn('idle', { kind: 'text', text: 'ok' });
}

test.skip(!existsSync(CLAUDE_BIN), 'the Claude Code CLI is not installed (npm ci installs it)');

test('three Claude Code agents from the UI: identity from the first task, handoff, lock, question, permission prompt, a drag, a SIGKILL', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const model = await startScriptedModel(script);
  const { folders, start } = await claudeMachine(KEY, model.url, ['shop', 'lab']);
  const [shop, lab] = [folders['shop']!, folders['lab']!];
  const hosts: HostProcess[] = [];
  const links: HostApi[] = [];
  try {
    const host = await start();
    hosts.push(host);
    const api = await HostApi.connect(host);
    links.push(api);
    await api.call('team.create', { name: 'shop' });
    await api.call('team.create', { name: 'lab' });
    await page.goto(host.uiUrl);
    const form = page.getByRole('form', { name: 'Spawn agent' });
    for (const [name, team, cwd] of [
      ['ana', 'shop', shop],
      ['ben', 'shop', shop],
      ['cai', 'lab', lab],
    ] as const) {
      await form.getByPlaceholder('builder-1').fill(name);
      await form.getByLabel('Kind').selectOption('claude');
      await form.getByLabel('Team').selectOption({ label: team });
      await form.getByLabel('Working folder').fill(cwd);
      await form.getByLabel('Arguments').fill('--permission-mode default');
      await form.getByLabel('First task').fill(`You are ${name}. Check who you are.`);
      await form.getByRole('button', { name: 'Spawn', exact: true }).click();
      await expect(form.getByRole('status')).toContainText(`Spawned ${name}`);
    }
    // Each one's first task made it call agent_whoami, answered with its own identity (no permission prompt first).
    await expect.poll(() => [...whoami.keys()].sort(), { timeout: 180_000 }).toEqual(['ana', 'ben', 'cai']);
    const ids = Object.fromEntries((await api.call('agent.list', {})).agents.map((a) => [a.name, a.id]));
    for (const [name, [first]] of whoami) {
      expect(first).toContain(ids[name]);
      for (const other of Object.keys(ids).filter((n) => n !== name)) expect(first).not.toContain(ids[other]);
    }

    const pending = async () => (await api.call('approval.list', {})).approvals;
    await expect
      .poll(async () => (await pending()).map((a) => a.kind).sort(), { timeout: 180_000 })
      .toEqual(['escalation', 'handoff', 'permission']);
    await page.getByRole('button', { name: /Approvals/ }).click();
    const detail = page.getByTestId('approval-detail');
    await page.getByTestId('approval-item').filter({ hasText: 'Handoff to cai' }).click();
    await detail.getByRole('button', { name: '1 deliver' }).click();
    await page.getByTestId('approval-item').filter({ hasText: 'touch permitted.txt' }).click();
    await detail.getByRole('button', { name: '1 Yes', exact: true }).click();
    await expect.poll(() => existsSync(join(lab, 'permitted.txt')), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => received.get('cai')?.length ?? 0, { timeout: 120_000 }).toBeGreaterThan(0);
    await expect.poll(() => played.get('ben')?.includes('ack'), { timeout: 60_000 }).toBe(true);
    await api.call('pane.send', { targets: ['ana'], text: 'Ask for the lock.' });
    await expect
      .poll(async () => (await pending()).some((a) => a.kind === 'lock'), { timeout: 120_000 })
      .toBe(true);

    await page.getByRole('button', { name: 'Org chart' }).click();
    const card = (name: string) => page.getByTestId('agent-card').and(page.locator(`[data-agent="${name}"]`));
    const target = await centreOf(card('cai'));
    await dragTo(page, card('ben'), { x: target.x + 40, y: target.y + 10 });
    await expect(page.locator('[data-team="lab"] .count')).toHaveText('2 agents');
    await page.screenshot({ path: screenshotPath('claude-fleet.png') });

    const before = {
      approvals: (await pending()).map((a) => [a.id, a.kind, a.status]).sort(),
      agents: (await api.call('agent.list', {})).agents.map((a) => [a.id, a.teamId, a.position]).sort(),
    };
    await host.crash();
    const again = await start();
    hosts.push(again);
    const api2 = await HostApi.connect(again);
    links.push(api2);
    expect(
      (await api2.call('approval.list', {})).approvals.map((a) => [a.id, a.kind, a.status]).sort(),
    ).toEqual(before.approvals);
    expect(
      (await api2.call('agent.list', {})).agents.map((a) => [a.id, a.teamId, a.position]).sort(),
    ).toEqual(before.agents);
    // Until the restarted host has relaunched an agent's pane, pane.read answers `unavailable` ("has no open
    // pane"): not idle yet, so the poll goes on (expect.poll fails at once when its function throws: seen at load 20).
    const idle = async (name: string) => {
      try {
        const screen = (await api2.call('pane.read', { targets: [name] })).screens[0]!;
        return /manual mode on/.test(screen.lines.join('\n'));
      } catch (error) {
        if (error instanceof SwitchboardError && error.code === 'unavailable') return false;
        throw error;
      }
    };
    for (const name of ['ana', 'ben', 'cai']) {
      const seen = whoami.get(name)!.length;
      await expect.poll(() => idle(name), { timeout: 120_000 }).toBe(true);
      await api2.call('pane.send', { targets: [name], text: `Who are you now, ${name}?` });
      await expect.poll(() => whoami.get(name)!.length, { timeout: 120_000 }).toBeGreaterThan(seen);
      expect(whoami.get(name)!.at(-1)).toContain(ids[name]);
    }
    // The handoff cai received but never acknowledged comes back; the decisions reach their askers' panes.
    const heldBefore = receivedBodies.get('cai')!.length;
    for (const approval of (await api2.call('approval.list', {})).approvals)
      await api2.call('approval.decide', { decisions: [{ id: approval.id, verdict: 'approve' }] });
    await expect
      .poll(() => receivedBodies.get('cai')!.slice(heldBefore).join('\n'), { timeout: 180_000 })
      .toMatch(/(?=[\s\S]*release notes are yours)(?=[\s\S]*Deploy to staging)(?=[\s\S]*handed over)/);
    await expect
      .poll(() => (receivedBodies.get('ana') ?? []).join('\n'), { timeout: 180_000 })
      .toMatch(/Your lock request for file:src\/login\/\*\* .* was approved/);
  } finally {
    for (const link of links) link.close();
    for (const host of hosts) await host.stop();
    await model.close();
  }
});
