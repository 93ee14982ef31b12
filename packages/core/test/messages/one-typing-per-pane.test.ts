// A spawn's first task and a message are typed by two typers (InitialTasks, PaneDelivery) into the same input box.
// Each typing is text, then its Enter, then a watch for the submission: a second typing begun meanwhile would put
// its text behind the first one's and submit both as one prompt. One typing at a time per pane, whoever types.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/index';
import { fakeCliBackend } from './fake-cli-backend';
import { messagingFixture } from './messaging-fixture';

describe('one typing at a time per pane, messages and first tasks alike', () => {
  it("a first task whose tools come while a message is being typed waits for that message's Enter", async () => {
    const clock = new FakeClock();
    // A CLI that reads each Enter 3 s late: the message's typing is still watching for its submission.
    const fake = fakeCliBackend({ lateEnter: { clock, ms: 3_000 } });
    const f = messagingFixture({ clock, backend: fake.backend });
    const claude = await f.spawn('claude-1', { kind: 'claude', task: 'fix the build' });
    await f.human('message.send', { to: { agent: 'claude-1' }, body: 'run the tests' });
    await f.drive(() => fake.keys.some((k) => k.paneId === claude.paneId && k.text === '\r'));
    await claude.call('agent.whoami', {}); // its MCP client lists Switchboard's tools: the first task may go
    await f.drive(() => fake.submitted.length >= 2 || f.ofType('agent.task_failed').length > 0);
    const typed = fake.keys.filter((k) => k.paneId === claude.paneId).map((k) => k.text);
    const task = typed.indexOf('fix the build');
    // Nothing of the first task went in before the message's Enter.
    expect(task).toBeGreaterThan(typed.indexOf('\r'));
    expect(fake.submitted.map((s) => s.line)).toEqual([
      expect.stringContaining('run the tests'),
      'fix the build',
    ]);
  });
});
