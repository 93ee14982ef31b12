// Session 26's review walked docs/ui.md's keyboard paths: renaming a team with F2 left the keyboard on the page's
// body once the name was saved or Escape cancelled it (the next Tab started from the top of the page, and the
// chart's arrows no longer answered). It now goes back to the team's header.
import { expect, specHost, test } from './host-fixture';

const { api, host } = specHost('--backend', 'memory');

test.beforeAll(async () => {
  for (const team of ['web', 'api']) await api.call('team.create', { name: team });
  await api.call('agent.spawn', { name: 'w1', team: 'web', kind: 'shell' });
  await api.call('agent.spawn', { name: 'a1', team: 'api', kind: 'shell' });
});

test('F2 renames the focused team; Escape or Enter gives the keyboard back to its header, where the arrows go on', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(2);
  const focused = () =>
    page.evaluate(() => document.activeElement?.closest('[data-team]')?.getAttribute('data-team') ?? null);
  const onHeader = () =>
    page.evaluate(() => document.activeElement?.classList.contains('team-node-head') ?? false);
  // Nothing needs the person: g puts the focus on the chart's first node, the first team's header.
  await page.keyboard.press('g');
  await expect.poll(onHeader).toBe(true);
  const team = await focused();

  await page.keyboard.press('F2');
  await expect(page.getByRole('textbox', { name: `New name for ${team}` })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: `New name for ${team}` })).toHaveCount(0);
  expect([await onHeader(), await focused()]).toEqual([true, team]);

  await page.keyboard.press('F2');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('services');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-team="services"]')).toBeVisible();
  await expect.poll(async () => [await onHeader(), await focused()]).toEqual([true, 'services']);
  // The chart's keys still answer: down to the team's card.
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-roving-id') ?? ''))
    .toMatch(/^agent:/);
});

// The palette dismissed with Escape left the keyboard on the page's body, wherever it had been opened from.
test('the palette, dismissed with Escape, gives the keyboard back where it was: the Commands button, a team', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(2);
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const commands = page.getByRole('button', { name: /^Commands/ });
  await commands.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect(commands).toBeFocused();

  await page.keyboard.press('g');
  const header = page.locator('.team-node-head').first();
  await expect(header).toBeFocused();
  await page.keyboard.press('ControlOrMeta+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect(header).toBeFocused();
});
