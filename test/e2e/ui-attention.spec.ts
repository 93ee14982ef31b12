import { expect, specHost, test } from './host-fixture';

// A real host on the embedded iTerm2-API server: agents are real shells; their states come from real
// state detection, their notifications from the core's attention domain.
const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  await api.call('team.create', { name: 'web' });
  for (const name of ['asker', 'quiet'])
    await api.call('agent.spawn', { name, team: 'web', kind: 'shell', role: 'builder' });
});

test('a shell waiting for input raises a toast; "Go to pane" focuses it in the host and selects the agent; do-not-disturb silences the next', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(page.locator('[data-agent="asker"]')).toBeVisible();

  await api.call('pane.send', { targets: ['asker'], text: 'read -p "Ship the release? " answer' });
  const toast = page.getByTestId('toast').filter({ hasText: 'asker is waiting for input' });
  await expect(toast).toBeVisible({ timeout: 10_000 });
  await toast.getByRole('button', { name: 'Go to pane' }).click();
  await expect(page.locator('.agent-node[data-agent="asker"]')).toHaveClass(/selected/);
  await expect(toast).toHaveCount(0);
  const { items } = await api.call('attention.list', { includeClosed: true });
  expect(items.find((i) => i.agentName === 'asker' && i.kind === 'waiting_for_input')).toMatchObject({
    status: 'resolved',
    target: { paneId: expect.any(String), windowId: expect.any(String), tabId: expect.any(String) },
  });

  await page.getByRole('button', { name: 'Do not disturb', pressed: false }).click();
  await expect(page.getByRole('button', { name: 'Do not disturb', pressed: true })).toBeVisible();
  await api.call('pane.send', { targets: ['quiet'], text: 'read -p "Deploy now? " answer' });
  await expect
    .poll(
      async () => (await api.call('attention.list', {})).items.find((i) => i.agentName === 'quiet')?.silenced,
      { timeout: 10_000 },
    )
    .toBe('do_not_disturb');
  await expect(page.getByTestId('toast')).toHaveCount(0);
});
