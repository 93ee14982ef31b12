import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// The attention-first org chart (issue 22, item 2) on the embedded iTerm2-API server with real shells:
// a "needs you" lane, cards with time in state, last line and the question, answered from the card.
test.use({ bypassCSP: true });

const { host, api } = specHost('--backend', 'sim');

const TEAMS = ['web', 'data', 'ops'];
const question = (name: string) =>
  `bash -c 'echo ready-${name}; read -p "Ship ${name} to production? [y/N] " a; echo "answer=$a"; sleep 600'`;

test.beforeAll(async () => {
  for (const team of TEAMS) await api.call('team.create', { name: team });
  for (let i = 0; i < 9; i++)
    await api.call('agent.spawn', { name: `w${i + 1}`, team: TEAMS[i % 3]!, kind: 'shell' });
  for (const [name, team] of [
    ['asker-1', 'web'],
    ['asker-2', 'data'],
    ['asker-3', 'ops'],
  ] as const) {
    await api.call('agent.spawn', { name, team, kind: 'custom', command: question(name) });
  }
});

const screenOf = async (agent: string) =>
  (await api.call('pane.read', { targets: [agent], lines: 20 })).screens[0]!.lines.join('\n');

async function openChart(page: Page) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(12);
}

test('the lane lists every asking agent; cards show state, time in it, last line and the question; answered from the card', async ({
  page,
}) => {
  await openChart(page);
  const lane = page.getByTestId('needs-you');
  await expect(lane.getByTestId('lane-item')).toHaveCount(3, { timeout: 30_000 });
  for (const name of ['asker-1', 'asker-2', 'asker-3']) {
    await expect(lane.locator(`[data-agent="${name}"]`)).toContainText(`Ship ${name} to production?`);
  }
  const card = page.locator('[data-agent="asker-2"][data-testid="agent-card"]');
  await expect(card).toHaveClass(/needs-you/);
  // At 1280×800 the fitted chart is below a readable zoom (state dots); a double click zooms in on the card.
  await expect(card).toHaveClass(/compact/);
  await card.dblclick();
  await expect(card).not.toHaveClass(/compact/);
  await expect(card.getByTestId('card-ask')).toContainText('Ship asker-2 to production?');
  await expect(card.getByTestId('time-in-state')).toHaveText(/^\d+s$/);
  // A quiet shell's card shows its last screen line.
  const quiet = page
    .locator('[data-testid="agent-card"]')
    .filter({ has: page.getByTestId('last-line') })
    .first();
  await expect(quiet.getByTestId('last-line')).toHaveText(/\S/, { timeout: 15_000 });
  await expect(quiet).not.toHaveClass(/needs-you/);

  // Answer "y" from the card: held 5 s (undo bar), then it reaches the shell.
  await card.getByRole('button', { name: 'y', exact: true }).click();
  await expect(page.getByTestId('undo-entry')).toContainText('Chose “y”');
  await expect(lane.locator('[data-agent="asker-2"]')).toHaveCount(0);
  expect(await screenOf('asker-2')).not.toContain('answer=');
  await expect.poll(() => screenOf('asker-2'), { timeout: 15_000 }).toContain('answer=y');
});

test('waiting cards pulse, but not under reduced motion', async ({ page }) => {
  // The config's default is reduced motion (no spec pays for the animation); this test asks for it.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openChart(page);
  const card = page.locator('[data-agent="asker-1"][data-testid="agent-card"]');
  await expect(card).toHaveClass(/needs-you/, { timeout: 30_000 });
  expect(await card.evaluate((el) => getComputedStyle(el).animationName)).toBe('needs-you-pulse');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await card.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
});

test('collapse a team to its totals; below a readable zoom teams read totals and cards become state dots', async ({
  page,
}) => {
  await openChart(page);
  await page.getByRole('button', { name: 'Collapse team web' }).click();
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(8);
  const web = page.locator('[data-testid="team"][data-team="web"]');
  await expect(web.getByTestId('team-totals')).toHaveText(/\d+ idle|\d+ working|\d+ waiting/);
  await expect(web.locator('.count')).toHaveText('4 agents');
  await page.getByRole('button', { name: 'Expand team web' }).click();
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(12);

  // Zoom out below the readable size with the zoom control.
  for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
  await expect(page.locator('.agent-node.compact').first()).toBeVisible();
  await expect(page.locator('.state-dot')).toHaveCount(12);
  await expect(web.getByTestId('team-totals')).toBeVisible();
  // Still readable on screen once the layout for this zoom (more room per header the lower the zoom) is in.
  await expect
    .poll(() => web.getByTestId('team-totals').evaluate((el) => el.getBoundingClientRect().height))
    .toBeGreaterThan(12);
  await page.screenshot({ path: screenshotPath('org-chart-compact.png') });
});

test('axe: no violation of any impact on the org chart with its lane, light and dark', async ({ page }) => {
  await openChart(page);
  await expect(page.getByTestId('lane-item').first()).toBeVisible({ timeout: 30_000 });
  expect(await allViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: screenshotPath('org-chart-12-dark.png') });
  expect(await allViolations(page)).toEqual([]);
});
