// A starved CLI can read its Enter after the typer stopped watching (the copy or first task is then `unconfirmed`).
// Claude Code's UserPromptSubmit hook still says so when it does: within a bound (5 min) of that pane's last
// unconfirmed typing, the hook marks it submitted, with nothing pressed or typed again.
import { describe, expect, it } from 'vitest';
import type { AttentionItem, Message } from '@switchboard/protocol';
import { deafCli, enters } from './deaf-cli';
import type { messagingFixture } from './messaging-fixture';

type Received = { messages: Message[] };
const SUBMITTED = { event: 'UserPromptSubmit' };

async function openItems(f: ReturnType<typeof messagingFixture>) {
  const { items } = await f.human<{ items: AttentionItem[] }>('attention.list', {});
  return items.map((i) => [i.kind, i.title]);
}

/** A first task typed into a deaf CLI, driven until it is `unconfirmed` (its item raised). */
async function unconfirmedTask(name: string) {
  const { fake, f } = deafCli();
  const claude = await f.spawn(name, { kind: 'claude', task: 'fix the build' });
  await claude.call('agent.whoami', {}); // its MCP client has Switchboard's tools
  await f.drive(() => f.ofType('agent.task_unconfirmed').length > 0, 50, 1_200);
  expect(await openItems(f)).toEqual([
    ['error', `${name}: its first task was typed, its submission not seen`],
  ]);
  return { fake, f, claude };
}

describe('a late UserPromptSubmit hook confirms the last unconfirmed typing of its pane', () => {
  it('a first task: agent.task_submitted, its attention item resolved, nothing pressed', async () => {
    const { fake, f, claude } = await unconfirmedTask('late-1');
    await f.drive(() => false, 1_000, 120); // two minutes later the CLI reads the Enter
    await claude.call('health.reportHook', SUBMITTED);
    expect(f.ofType('agent.task_submitted')).toEqual([
      expect.objectContaining({ agentId: claude.id, attempts: 2 }),
    ]);
    expect(await openItems(f)).toEqual([]);
    expect(enters(fake, claude.paneId)).toBe(2);
    await claude.call('health.reportHook', SUBMITTED); // the next prompt's hook confirms nothing more
    expect(f.ofType('agent.task_submitted')).toHaveLength(1);
  });

  it('a first task: a hook after the bound (5 min) does not make it submitted', async () => {
    const { f, claude } = await unconfirmedTask('late-2');
    await f.drive(() => false, 1_000, 301);
    await claude.call('health.reportHook', SUBMITTED);
    expect(f.ofType('agent.task_submitted')).toEqual([]);
    expect(f.ofType('agent.task_unconfirmed')).toHaveLength(1);
  });

  it('a first task: the hook during the confirm window counts (it reached only the messages typer before)', async () => {
    const { fake, f } = deafCli();
    const claude = await f.spawn('late-3', { kind: 'claude', task: 'fix the build' });
    await claude.call('agent.whoami', {});
    await f.drive(() => enters(fake, claude.paneId) > 0, 50, 1_200);
    await claude.call('health.reportHook', SUBMITTED);
    await f.drive(() => f.ofType('agent.task_submitted').length > 0);
    expect(f.ofType('agent.task_submitted')).toEqual([expect.objectContaining({ attempts: 1 })]);
    expect(enters(fake, claude.paneId)).toBe(1);
    expect(f.ofType('agent.task_unconfirmed')).toEqual([]);
  });

  it('a message copy: submitted and acknowledged by a late hook, nothing pressed', async () => {
    const { fake, f } = deafCli();
    const claude = await f.spawn('late-4', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'late-4' }, body: 'first' });
    await f.drive(() => false, 50, 1_000); // 50 s: two windows and the late watch, unconfirmed
    const history = async () =>
      (await f.human<Received>('message.history', { agent: 'late-4' })).messages.map((m) => [
        m.body,
        m.state,
        m.pane.state,
      ]);
    expect(await history()).toEqual([['first', 'queued', 'unconfirmed']]);
    await claude.call('health.reportHook', SUBMITTED);
    expect(await history()).toEqual([['first', 'acked', 'submitted']]);
    expect(f.ofType('message.acked')).toHaveLength(1);
    expect(enters(fake, claude.paneId)).toBe(2);
  });

  it('a message copy: not by the hook of a CLI restarted in the pane since (the new CLI never got the text)', async () => {
    const { f } = deafCli();
    const claude = await f.spawn('late-5', { kind: 'claude' });
    await f.human('message.send', { to: { agent: 'late-5' }, body: 'first' });
    await f.drive(() => f.ofType('message.pane_unconfirmed').length > 0, 50, 1_200);
    await f.orchestrator.fleet.restartInPane(claude.id); // the recovery ladder's restart: a new CLI, same pane
    await f.drive(() => false, 50, 4);
    await claude.call('health.reportHook', SUBMITTED); // the new CLI's first prompt
    const { messages } = await f.human<Received>('message.history', { agent: 'late-5' });
    expect(messages.map((m) => [m.body, m.state, m.pane.state])).toEqual([
      ['first', 'queued', 'unconfirmed'],
    ]);
    expect(f.ofType('message.acked')).toEqual([]);
  });
});
