import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { chartViewport } from './ui-chart-viewport';
import { centreOf, dragTo } from './ui-drag';

// Safe by default on the org chart (issue 22, item 4), on the embedded iTerm2-API server with real shells:
// drops land only on a lit target, "No team" is a target, a move can be undone (u), the zoom stays where
// it was after a drop, "Zoom to fit" always fits, a minimap click jumps there.

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  await api.call('team.create', { name: 'web' });
  await api.call('team.create', { name: 'data' });
  for (const [name, team] of [
    ['w1', 'web'],
    ['w2', 'web'],
    ['w3', 'web'],
    ['d1', 'data'],
    ['d2', 'data'],
  ] as const) {
    await api.call('agent.spawn', { name, team, kind: 'shell' });
  }
});

/** Team name (or null) and order of every agent, as the host has them. */
async function placements(): Promise<Record<string, string>> {
  const snapshot = await api.call('fleet.snapshot', {});
  const teamName = (id: string | null) => snapshot.teams.find((t) => t.id === id)?.name ?? 'none';
  return Object.fromEntries(snapshot.agents.map((a) => [a.name, `${teamName(a.teamId)}#${a.position}`]));
}

async function openChart(page: Page) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(page.locator('[data-agent="w1"]')).toBeVisible();
}

test('a drop on empty canvas moves nothing; the "No team" zone is a target; u undoes the move', async ({
  page,
}) => {
  await openChart(page);
  const before = await placements();
  const canvas = (await page.getByTestId('org-chart').boundingBox())!;
  await dragTo(page, page.locator('[data-agent="d1"]'), {
    x: canvas.x + canvas.width / 2,
    y: canvas.y + canvas.height - 20,
  });
  await expect(page.getByTestId('toast').filter({ hasText: 'Move refused' })).toContainText(
    'Drop agents onto a highlighted team.',
  );
  expect(await placements()).toEqual(before);

  // While dragging, a "No team" zone appears and lights up under the pointer.
  const card = page.locator('[data-agent="w2"]');
  const start = await centreOf(card);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 3, start.y + 3);
  const zone = page.getByTestId('no-team-zone');
  await expect(zone).toBeVisible();
  const target = await centreOf(zone);
  await page.mouse.move(target.x, target.y, { steps: 10 });
  await expect(zone).toHaveClass(/drop-target/);
  await page.mouse.up();
  await expect(zone).toHaveCount(0);
  await expect.poll(async () => (await placements())['w2']).toMatch(/^none#/);
  await expect(page.locator('[data-team=""]')).toContainText('No team');
  await expect(page.getByTestId('undo-entry')).toContainText('Moved w2 to no team');

  // u puts it back at its place in web.
  await page.keyboard.press('u');
  await expect.poll(placements).toEqual(before);
  await expect(page.getByTestId('undo-entry')).toHaveCount(0);
  await expect(page.getByTestId('chart-announcement')).toHaveText('Move undone.');
});

test('after a drop the zoom stays where it was; "Zoom to fit" fits again; a minimap click jumps there', async ({
  page,
}) => {
  await openChart(page);
  // Zoom in on purpose (the zoom control), then drag w1 into data.
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.waitForTimeout(300);
  const zoomed = await chartViewport(page);
  const d2 = page.locator('[data-agent="d2"]');
  await d2.scrollIntoViewIfNeeded();
  const into = await centreOf(d2);
  await dragTo(page, page.locator('[data-agent="w1"]'), { x: into.x + 30, y: into.y + 5 });
  await expect.poll(async () => (await placements())['w1']).toMatch(/^data#/);
  await page.waitForTimeout(400); // a re-fit, if any, would have happened by now
  expect((await chartViewport(page)).zoom).toBeCloseTo(zoomed.zoom, 3);

  // Zoom to fit: every card inside the canvas again.
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  const canvas = (await page.getByTestId('org-chart').boundingBox())!;
  await expect
    .poll(async () => {
      const boxes = await page
        .locator('.react-flow__node-agent')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      return (
        boxes.length === 5 &&
        boxes.every(
          (b) =>
            b.left >= canvas.x &&
            b.right <= canvas.x + canvas.width &&
            b.top >= canvas.y &&
            b.bottom <= canvas.y + canvas.height,
        )
      );
    })
    .toBe(true);
  const fitted = await chartViewport(page);

  // The minimap: a click near its top-left corner centres that part of the chart at a readable zoom.
  const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
  await page.mouse.click(minimap.x + minimap.width * 0.15, minimap.y + minimap.height * 0.2);
  await expect.poll(async () => (await chartViewport(page)).x).not.toBeCloseTo(fitted.x, 0);
  expect((await chartViewport(page)).zoom).toBeGreaterThanOrEqual(Math.min(fitted.zoom, 0.55) - 0.001);
});
