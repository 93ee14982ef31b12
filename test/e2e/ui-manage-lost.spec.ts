// "Restore all lost" from the UI (issue 22, item 7): a standalone embedded iTerm2-API server, a real
// `switchboard start` on it; while the host is down two panes are closed in the terminal, so the host
// started again marks those agents `lost`; one click in the Manage view respawns both in real shells.
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { simWithHosts } from './sim-process';

const QUIET_BASH = '/bin/bash --norc --noprofile';

test('agents lost while the host was away are respawned by "Restore all lost", each in a live pane', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const terminal = await simWithHosts();
  try {
    const first = await terminal.startHost();
    const api = await HostApi.connect(first);
    await api.call('team.create', { name: 'crew' });
    const agents = [];
    for (const name of ['keep', 'gone-1', 'gone-2'])
      agents.push(await api.call('agent.spawn', { name, team: 'crew', kind: 'custom', command: QUIET_BASH }));
    api.close();
    await first.stop();

    const observer = await terminal.observer();
    for (const agent of agents.slice(1)) await observer.closePane(agent.paneId!);

    const second = await terminal.startHost(first.dataDir);
    const again = await HostApi.connect(second);
    const states = async () =>
      Object.fromEntries((await again.call('fleet.snapshot', {})).agents.map((a) => [a.name, a.state]));
    await expect.poll(states, { timeout: 20_000 }).toMatchObject({ 'gone-1': 'lost', 'gone-2': 'lost' });

    await page.goto(second.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Manage' }).click();
    await page
      .getByRole('navigation', { name: 'Manage' })
      .getByRole('button', { name: 'Restart', exact: true })
      .click();
    await expect(page.getByTestId('lost-bar')).toContainText('2 lost: gone-1, gone-2');
    await page.getByRole('button', { name: 'Restore all lost (2)' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Restored gone-1, gone-2' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByTestId('lost-bar')).toContainText('No lost agents');

    const snapshot = await again.call('fleet.snapshot', {});
    const live = new Set((await observer.listPanes()).filter((p) => p.alive).map((p) => p.id));
    for (const name of ['gone-1', 'gone-2']) {
      const agent = snapshot.agents.find((a) => a.name === name)!;
      expect(agent.state).not.toBe('lost');
      expect(live.has(agent.paneId!)).toBe(true);
    }
    // The agent that was never lost kept its pane.
    expect(snapshot.agents.find((a) => a.name === 'keep')?.paneId).toBe(agents[0]!.paneId);
    again.close();
  } finally {
    await terminal.close();
  }
});
