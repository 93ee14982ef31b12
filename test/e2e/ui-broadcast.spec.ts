// Broadcast domains from the org chart (issue 26, item 4): a real host on the embedded iTerm2-API server
// (real shells). The team header's "Broadcast" groups the team's panes in the terminal; both cards show
// the marker; a line typed into one pane (by another client of the server, as a person or a script would)
// runs in both shells; pressed again, the group ends and the markers go.
import { join } from 'node:path';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { expect, specHost, test } from './host-fixture';
import { screenshotPath } from './screenshots';

const { host, api } = specHost('--backend', 'sim');

test('"Broadcast" on a team groups its panes in the terminal, marks its cards, and typing into one runs in all', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await api.call('team.create', { name: 'web' });
  for (const name of ['w1', 'w2'])
    await api.call('agent.spawn', {
      name,
      team: 'web',
      kind: 'custom',
      command: '/bin/bash --norc --noprofile',
    });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  const markers = page.getByTestId('broadcast-marker');
  // The first draw includes the snapshot and the layout worker: slow on a loaded machine.
  await expect(page.locator('[data-agent="w2"]')).toBeVisible({ timeout: 30_000 });
  await expect(markers).toHaveCount(0);

  const toggle = page.getByRole('button', { name: 'Broadcast typing to team web' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(markers).toHaveCount(2);
  const { domains } = await api.call('broadcast.list', {});
  expect(domains).toHaveLength(1);
  expect(domains[0]!.agentIds).toHaveLength(2);
  await page
    .locator('[data-testid="team"][data-team="web"]')
    .screenshot({ path: screenshotPath('broadcast-team.png') });

  // Typed into w1's pane by another client (send_text broadcasts, as keyboard input does): both shells run it.
  const person = await ITerm2Backend.connect({
    endpoint: { socketPath: join(host.dataDir, 'iterm2-sim.sock') },
    auth: staticAuth({}),
    reconnect: false,
  });
  try {
    const w1 = (await api.call('agent.list', {})).agents.find((a) => a.name === 'w1')!;
    await person.api.sendText(w1.paneId!, 'echo both-$((6*7))\r');
    for (const name of ['w1', 'w2'])
      await expect
        .poll(async () => (await api.call('pane.read', { targets: [name] })).screens[0]!.lines.join('\n'), {
          timeout: 20_000,
        })
        .toContain('both-42');
  } finally {
    await person.close();
  }

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(markers).toHaveCount(0);
  expect((await api.call('broadcast.list', {})).domains).toEqual([]);
});
