import { expect, specHost, test } from './host-fixture';
import { centreOf, dragTo } from './ui-drag';

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  // The embedded iTerm2-API server with real shells: the panes and their split trees are real.
  await api.call('team.create', { name: 'frontend' });
  await api.call('team.create', { name: 'backend' });
  for (const [name, team] of [
    ['ui-1', 'frontend'],
    ['ui-2', 'frontend'],
    ['api-1', 'backend'],
    ['api-2', 'backend'],
  ] as const) {
    await api.call('agent.spawn', { name, team });
  }
});

/** The tab each agent's pane sits in, as the terminal server reports it. */
async function tabs(): Promise<Record<string, string>> {
  const { panes } = await api.call('pane.list', { agentsOnly: true });
  return Object.fromEntries(panes.map((p) => [p.agentName ?? p.id, p.tabId]));
}

test('drag an agent onto the other team → the chart and the server’s split trees both change', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.locator('[data-agent="api-1"]')).toBeVisible();
  const before = await tabs();
  expect(before['api-1']).not.toBe(before['ui-1']);

  const frontend = page.locator('.react-flow__node-team', { has: page.locator('[data-team="frontend"]') });
  const target = await centreOf(page.locator('[data-agent="ui-2"]'));
  await dragTo(page, page.locator('[data-agent="api-1"]'), { x: target.x + 40, y: target.y + 10 });

  await expect(page.locator('[data-team="frontend"] .count')).toHaveText('3 agents');
  await expect(page.locator('[data-team="backend"] .count')).toHaveText('1 agent');
  // The move's Undo floats at the bottom centre, styled, with no other view opened first (its style was
  // in the approval queue's lazily loaded sheet: on the org chart it sat unstyled at the page's end).
  await expect(page.getByTestId('undo-entry')).toContainText('Moved api-1 to frontend');
  await expect(page.getByTestId('undo-bar')).toHaveCSS('position', 'fixed');
  await expect
    .poll(async () => {
      const card = await page.locator('[data-agent="api-1"]').boundingBox();
      const group = await frontend.boundingBox();
      return (
        !!card &&
        !!group &&
        card.x >= group.x &&
        card.y >= group.y &&
        card.x + card.width <= group.x + group.width &&
        card.y + card.height <= group.y + group.height
      );
    })
    .toBe(true);
  const snapshot = await api.call('fleet.snapshot', {});
  const frontendId = snapshot.teams.find((t) => t.name === 'frontend')!.id;
  expect(snapshot.agents.find((a) => a.name === 'api-1')!.teamId).toBe(frontendId);
  await expect
    .poll(async () => {
      const after = await tabs();
      return after['api-1'] === after['ui-1'] && after['api-1'] !== after['api-2'];
    })
    .toBe(true);
});

test('reorder within a team by dragging, and rename a team from its header', async ({ page }) => {
  await page.goto(host.uiUrl);
  await expect(page.locator('[data-agent="ui-1"]')).toBeVisible();
  const order = async () =>
    (await api.call('agent.list', { team: 'frontend' })).agents
      .sort((a, b) => a.position - b.position)
      .map((a) => a.name);
  const before = await order();
  const first = before[0]!;
  const last = before[before.length - 1]!;
  const target = await centreOf(page.locator(`[data-agent="${last}"]`));
  await dragTo(page, page.locator(`[data-agent="${first}"]`), { x: target.x + 30, y: target.y + 5 });
  await expect.poll(order).toEqual([...before.slice(1), first]);

  await page.getByRole('button', { name: 'Rename team backend' }).click();
  await page.getByRole('textbox', { name: 'New name for backend' }).fill('services');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('[data-team="services"]')).toBeVisible();
  expect((await api.call('fleet.snapshot', {})).teams.map((t) => t.name).sort()).toEqual([
    'frontend',
    'services',
  ]);
});
