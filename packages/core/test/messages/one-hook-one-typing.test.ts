// A spawn's first task and a message copy are typed by two typers (InitialTasks, PaneDelivery) through the same
// gate into the same pane, and one UserPromptSubmit hook reaches both. It says the pane submitted ONE input: the
// typing watching for its submission right now, or else the pane's last unconfirmed typing (late). A hook heard
// during a message's typing must not also confirm a first task called unconfirmed before it, nor the reverse.
import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { deafCli, enters } from './deaf-cli';

type Received = { messages: Message[] };
const SUBMITTED = { event: 'UserPromptSubmit' };

describe('one hook confirms one typing of the pane, whichever typer typed it', () => {
  it("a hook during a messages-waiting notice's typing confirms the notice, not the first task unconfirmed before it", async () => {
    const { fake, f } = deafCli();
    const claude = await f.spawn('hook-1', { kind: 'claude', task: 'fix the build' });
    // Its MCP client has Switchboard's tools: the task is typed, and messages to it are told by a notice.
    await claude.call('agent.whoami', {});
    await f.drive(() => f.ofType('agent.task_unconfirmed').length > 0, 50, 1_200);
    await f.human('message.send', { to: { agent: 'hook-1' }, body: 'run the tests' });
    await f.drive(() => enters(fake, claude.paneId) > 2); // the notice's Enter
    await claude.call('health.reportHook', SUBMITTED);
    await f.drive(() => false, 50, 200); // past the confirm window
    const history = await f.human<Received>('message.history', { agent: 'hook-1' });
    expect(history.messages.map((m) => [m.body, m.state, m.pane.state])).toEqual([
      ['run the tests', 'queued', 'notified'],
    ]);
    expect(enters(fake, claude.paneId)).toBe(3);
    expect(f.ofType('agent.task_submitted')).toEqual([]);
    // The notice was the pane's last typing: the task is never confirmed late by a later prompt's hook either.
    await claude.call('health.reportHook', SUBMITTED);
    expect(f.ofType('agent.task_submitted')).toEqual([]);
  });

  it("a hook during a first task's typing confirms the task, not the message copy unconfirmed before it", async () => {
    const { fake, f } = deafCli();
    const claude = await f.spawn('hook-2', { kind: 'claude', task: 'fix the build' });
    await f.human('message.send', { to: { agent: 'hook-2' }, body: 'run the tests' });
    await f.drive(() => f.ofType('message.pane_unconfirmed').length > 0, 50, 1_200);
    expect(enters(fake, claude.paneId)).toBe(2); // the task waits for its tools meanwhile
    await claude.call('agent.whoami', {});
    await f.drive(() => enters(fake, claude.paneId) > 2); // the task's Enter
    await claude.call('health.reportHook', SUBMITTED);
    await f.drive(() => f.ofType('agent.task_submitted').length > 0);
    expect(f.ofType('agent.task_submitted')).toEqual([expect.objectContaining({ attempts: 1 })]);
    const history = await f.human<Received>('message.history', { agent: 'hook-2' });
    expect(history.messages.map((m) => [m.body, m.state, m.pane.state])).toEqual([
      ['run the tests', 'queued', 'unconfirmed'],
    ]);
    expect(f.ofType('message.acked')).toEqual([]);
  });
});
