import { join } from 'node:path';
import { colorDict, ITerm2Api, ITerm2Client, staticAuth } from '@switchboard/iterm-bridge';
import { expect, specHost, test } from './host-fixture';
import { screenshotPath } from './screenshots';

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  await api.call('team.create', { name: 'web' });
  await api.call('terminal.configure', {
    default: { badge: '{name}\n{role} · {state}', title: '{team} / {name}' },
  });
  for (const name of ['dev-1', 'dev-2'])
    await api.call('agent.spawn', { name, team: 'web', kind: 'shell', role: 'builder' });
});

test("the agent's pane view shows what its iTerm2 pane shows: tab colour by state, badge, status bar", async ({
  page,
}) => {
  // dev-1's shell asks a question: state detection sees it wait for input, and its pane shows it.
  await api.call('pane.send', { targets: ['dev-1'], text: 'read -p "Deploy to production? [y/N] " answer' });
  await expect
    .poll(async () => (await api.call('terminal.status', { agent: 'dev-1' })).badge, { timeout: 30_000 })
    .toContain('waiting for input');
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Agent detail' }).click();
  await page.getByRole('combobox', { name: 'Agent', exact: true }).selectOption({ label: 'dev-1' });
  const panel = page.getByTestId('terminal-status');
  await expect(panel.locator('.terminal-tab')).toHaveText('web / dev-1');
  const shown = await api.call('terminal.status', { agent: 'dev-1' });
  await expect(panel.getByLabel('Badge')).toHaveText(shown.badge);
  // "state · time in state · approvals" (the time as of the last change); the prompt became an approval.
  await expect(panel.getByTestId('terminal-status-bar')).toHaveText(
    /^waiting for input · \d+s · 1 approval$/,
  );
  expect(shown.fleetSummary).toMatch(/^1 waiting · 1 [a-z ]+ · 1 approval$/);
  // The same colour is in the embedded iTerm2-API server's session profile (read over its API socket).
  const reader = await ITerm2Client.connect({
    endpoint: { socketPath: join(host.dataDir, 'iterm2-sim.sock') },
    auth: staticAuth({}),
    reconnect: false,
  });
  try {
    const { agents } = await api.call('agent.list', {});
    const paneId = agents.find((a) => a.name === 'dev-1')!.paneId!;
    const profile = await new ITerm2Api(reader).getProfileProperties(paneId, ['Tab Color', 'Badge Text']);
    expect(shown.tabColor).not.toBeNull();
    expect(profile['Tab Color']).toEqual(colorDict(shown.tabColor!));
    expect(profile['Badge Text']).toBe(shown.badge);
    await expect(panel.locator('.terminal-tab')).toHaveAttribute('data-tab-color', shown.tabColor!);
  } finally {
    await reader.close();
  }
  await page.getByTestId('terminal-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('terminal-status.png'), fullPage: true });
});
