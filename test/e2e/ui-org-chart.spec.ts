import type { Locator, Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { dragTo } from './ui-drag';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

const { host, api } = specHost();

test.beforeAll(async () => {});

/** Whether an agent's card lies within a team group's box on screen. */
async function inside(page: Page, agent: string, team: Locator): Promise<boolean> {
  const a = await page.locator(`[data-agent="${agent}"]`).boundingBox();
  const t = await team.boundingBox();
  if (!a || !t) return false;
  return a.x >= t.x && a.y >= t.y && a.x + a.width <= t.x + t.width && a.y + a.height <= t.y + t.height;
}

async function createTeam(page: Page, name: string) {
  await page.getByPlaceholder('backend').fill(name);
  await page.getByRole('button', { name: 'Create team' }).click();
}

async function spawn(page: Page, name: string, team: string) {
  await page.getByPlaceholder('builder-1').fill(name);
  await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: team });
  await page.getByRole('button', { name: 'Spawn' }).click();
  await expect(page.locator(`[data-agent="${name}"]`)).toBeVisible();
}

test('spawn two teams from the UI: both appear as groups holding their agents', async ({ page }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await createTeam(page, 'frontend');
  await createTeam(page, 'backend');
  await spawn(page, 'ui-1', 'frontend');
  await spawn(page, 'ui-2', 'frontend');
  await spawn(page, 'api-1', 'backend');

  const frontend = page.locator('.react-flow__node-team', { has: page.locator('[data-team="frontend"]') });
  const backend = page.locator('.react-flow__node-team', { has: page.locator('[data-team="backend"]') });
  await expect(frontend).toBeVisible();
  await expect(backend).toBeVisible();
  await expect(page.locator('[data-team="frontend"] .count')).toHaveText('2 agents');
  await expect(page.locator('[data-team="backend"] .count')).toHaveText('1 agent');
  // Each card sits inside its team's group on screen.
  expect(await inside(page, 'ui-1', frontend)).toBe(true);
  expect(await inside(page, 'api-1', backend)).toBe(true);
  const snapshot = await api.call('fleet.snapshot', {});
  expect(snapshot.agents.map((a) => a.name).sort()).toEqual(['api-1', 'ui-1', 'ui-2']);
});

test('an agent dropped on empty canvas is refused with the reason and goes back to its team', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  const card = page.locator('[data-agent="api-1"]');
  await expect(card).toBeVisible();
  const canvas = (await page.getByTestId('org-chart').boundingBox())!;
  await dragTo(page, card, { x: canvas.x + 20, y: canvas.y + canvas.height - 20 });
  await expect(page.getByTestId('toast').filter({ hasText: 'Move refused' })).toContainText(
    'Drop agents onto a highlighted team.',
  );
  // Back inside its team's group (the drag may have auto-panned the canvas, so compare with the group).
  const backend = page.locator('.react-flow__node-team', { has: page.locator('[data-team="backend"]') });
  await expect.poll(() => inside(page, 'api-1', backend)).toBe(true);
  const snapshot = await api.call('fleet.snapshot', {});
  const team = snapshot.teams.find((t) => t.name === 'backend')!;
  expect(snapshot.agents.find((a) => a.name === 'api-1')!.teamId).toBe(team.id);
});

test('the org chart, populated: screenshots (light and dark) and no serious accessibility violations', async ({
  page,
}) => {
  await api.call('team.create', { name: 'platform' });
  await api.call('team.create', { name: 'infra', parent: 'platform' });
  await api.call('team.create', { name: 'research' });
  const spawned: [string, string, 'claude' | 'codex' | 'gemini' | 'shell', string][] = [
    ['lead', 'platform', 'claude', 'orchestrator'],
    ['ci-bot', 'infra', 'shell', 'devops'],
    ['deployer', 'infra', 'codex', 'devops'],
    ['ui-3', 'frontend', 'gemini', 'builder'],
    ['reviewer', 'frontend', 'claude', 'tester'],
    ['api-2', 'backend', 'codex', 'builder'],
    ['scout', 'research', 'gemini', 'researcher'],
    ['notes', 'research', 'claude', 'researcher'],
  ];
  for (const [name, team, kind, role] of spawned) await api.call('agent.spawn', { name, team, kind, role });
  // Real counters for the cards: a held lock and a pending lock request.
  const tokens = await Promise.all(
    ['api-2', 'deployer'].map((agent) => api.call('agent.issueToken', { agent })),
  );
  const [api2, deployer] = await Promise.all(tokens.map((t) => HostApi.connect(host, t.token)));
  await api2!.call('lock.acquire', { resource: { kind: 'file', name: 'src/db/**' } });
  // A card that holds a lock and asks something: its answers, its question and its lock all show.
  await api2!.call('approval.request', { kind: 'permission', summary: 'Run the migration?' });
  await deployer!.call('lock.request', {
    resource: { kind: 'file', name: 'src/db/**' },
    reason: 'schema migration',
  });
  api2!.close();
  deployer!.close();

  await page.goto(host.uiUrl);
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(11);
  // The answers on deployer's card stand for its one pending item: no "1 pending" beside them.
  await expect(page.locator('[data-agent="deployer"] [data-testid="card-ask"]')).toContainText(
    'deployer asks for file “src/db/**”, held by api-2: schema migration',
  );
  await expect(page.locator('[data-agent="deployer"] .badge-approvals')).toHaveCount(0);
  await expect(page.locator('[data-agent="api-2"] .badge-locks')).toHaveText('1 lock');
  const api2Card = page.locator('article[data-agent="api-2"]');
  await expect(api2Card.getByTestId('card-ask')).toContainText('Run the migration?');
  const inside = await api2Card.evaluate((card) => {
    const box = card.getBoundingClientRect();
    return [...card.querySelectorAll('[data-testid="card-ask"], .badge-locks, .card-answers')].map((part) => {
      const r = part.getBoundingClientRect();
      return r.height > 0 && r.top >= box.top && r.bottom <= box.bottom && r.right <= box.right;
    });
  });
  expect(inside).toEqual([true, true, true]);
  // Team headers keep each name and count on one line (a one-column team broke "2 agents" in two).
  const lines = await page.locator('.team-node-head').evaluateAll((heads) =>
    heads.flatMap((head) =>
      [...head.querySelectorAll('.team-name, .count')].map((part) => {
        const range = document.createRange();
        range.selectNodeContents(part);
        // Lines: the distinct tops of its boxes (a cut text adds the ellipsis's box on the same line).
        const tops = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
        return `${part.textContent}: ${tops.size}`;
      }),
    ),
  );
  expect(lines.filter((line) => !line.endsWith(': 1'))).toEqual([]);
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  await page.waitForTimeout(400); // the fit animates for 250 ms
  await page.screenshot({ path: screenshotPath('org-chart.png') });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: screenshotPath('org-chart-dark.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
});
