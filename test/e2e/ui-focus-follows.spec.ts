// "Focus follows" (issue 26, item 2): a standalone embedded iTerm2-API server, a real `switchboard start`
// on it; the person focuses panes in the terminal (another client of the same server, as iTerm2's own UI
// would) and, once "Follow" is on, the org chart selects that agent. Messages addressed to "the focused
// agent" reach it, through the human's API and through an agent's MCP tool, within the agent's role.
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { simWithHosts } from './sim-process';

const QUIET_BASH = '/bin/bash --norc --noprofile';

test('focusing a pane in the terminal selects its agent when "Follow" is on; "the focused agent" is a message address', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const terminal = await simWithHosts();
  try {
    const host = await terminal.startHost();
    const api = await HostApi.connect(host);
    await api.call('team.create', { name: 'crew' });
    const spawn = (name: string, role: string) =>
      api.call('agent.spawn', { name, team: 'crew', kind: 'custom', command: QUIET_BASH, role });
    const left = await spawn('left', 'builder');
    const right = await spawn('right', 'builder');
    await spawn('watcher', 'monitor');
    const card = (name: string) => page.locator(`.agent-node[data-agent="${name}"]`);

    await page.goto(host.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    // The first draw includes the snapshot and the layout worker: slow on a loaded machine.
    await expect(card('right')).toBeVisible({ timeout: 30_000 });
    const person = await terminal.observer();
    const focusedAgent = async () => (await api.call('terminal.getFocus', {})).agentId;

    // Off by default: the host knows where the focus went, the chart does not move.
    const follow = page.getByRole('button', { name: 'Focus follows the terminal' });
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await person.focus(right.paneId!);
    await expect.poll(focusedAgent, { timeout: 10_000 }).toBe(right.id);
    await expect(card('right')).not.toHaveClass(/selected/);

    // On: the agent in focus now is selected, and each pane the person focuses after it.
    await follow.click();
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    await expect(card('right')).toHaveClass(/selected/);
    await person.focus(left.paneId!);
    await expect(card('left')).toHaveClass(/selected/);
    await expect(card('right')).not.toHaveClass(/selected/);

    // The human's message to "the focused agent" reaches left, and only left.
    const sent = await api.call('message.send', { to: { focused: true }, body: 'you, in front' });
    expect(sent.deliveries.map((d) => d.recipientId)).toEqual([left.id]);

    // An agent may address the focused agent through MCP, but only one its role may message.
    const rightLink = await HostApi.connect(
      host,
      (await api.call('agent.issueToken', { agent: 'right' })).token,
    );
    const watcherLink = await HostApi.connect(
      host,
      (await api.call('agent.issueToken', { agent: 'watcher' })).token,
    );
    try {
      const fromRight = await rightLink.call('message.send', { to: { focused: true }, body: 'peer note' });
      expect(fromRight.deliveries.map((d) => d.recipientId)).toEqual([left.id]);
      await expect(
        watcherLink.call('message.send', { to: { focused: true }, body: 'psst' }),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
    } finally {
      rightLink.close();
      watcherLink.close();
    }
    const inbox = await api.call('message.peek', { agent: 'left', limit: 10 });
    expect(inbox.messages.map((m) => m.body).sort()).toEqual(['peer note', 'you, in front']);

    // The choice is the person's, kept across a reload; off again, the chart stays where it is.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Focus follows the terminal' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.getByRole('button', { name: 'Focus follows the terminal' }).click();
    await person.focus(right.paneId!);
    await expect.poll(focusedAgent, { timeout: 10_000 }).toBe(right.id);
    await expect(card('right')).not.toHaveClass(/selected/);
    api.close();
  } finally {
    await terminal.close();
  }
});
