import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// The attention centre (issue 22, item 1) on the embedded iTerm2-API server with real shells: y/N
// questions in real bash processes, one raised under do-not-disturb; "next thing that needs me" from the keyboard.
test.use({ bypassCSP: true });

const { host, api } = specHost('--backend', 'sim');

const asker = (question: string) =>
  `bash -c 'read -p "${question} [y/N] " answer; echo "answer=$answer"; sleep 600'`;

test.beforeAll(async () => {
  await api.call('team.create', { name: 'crew' });
  await api.call('agent.spawn', { name: 'quiet', team: 'crew', kind: 'shell' });
});

async function open(page: Page) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
}

test('every notification stays listed, what do-not-disturb held back is marked, and n goes to the next one and answers it', async ({
  page,
}) => {
  await open(page);
  await api.call('agent.spawn', {
    name: 'first',
    team: 'crew',
    kind: 'custom',
    command: asker('Apply the schema change?'),
  });
  await page.getByRole('button', { name: /^Attention/ }).click();
  const rows = page.getByTestId('attention-row');
  await expect(rows.filter({ hasText: 'first' }).first()).toBeVisible({ timeout: 30_000 });

  // Do-not-disturb: the next question raises no toast, but the centre lists it, marked as held back.
  await api.call('attention.setDoNotDisturb', { enabled: true });
  await api.call('agent.spawn', {
    name: 'second',
    team: 'crew',
    kind: 'custom',
    command: asker('Rotate the logs?'),
  });
  const held = rows.filter({ hasText: 'second' }).first();
  await expect(held).toBeVisible({ timeout: 30_000 });
  await expect(held).toContainText('held back: do not disturb');
  await expect(page.getByTestId('dnd-note')).toContainText('held back');
  await expect(page.getByTestId('toast').filter({ hasText: 'second' })).toHaveCount(0);
  await page.getByRole('button', { name: /^Held back/ }).click();
  await expect(rows.filter({ hasText: 'first' })).toHaveCount(0);
  await page.getByRole('button', { name: /^Held back/ }).click();
  await api.call('attention.setDoNotDisturb', { enabled: false });

  // From another view, n goes to the longest-waiting item: first's question, in the queue, cursor on it.
  await page.getByRole('button', { name: 'Health' }).click();
  await page.keyboard.press('n');
  await expect(page.getByTestId('approval-queue')).toBeVisible();
  await expect(page.getByTestId('approval-detail')).toContainText('Apply the schema change?');
  await page.keyboard.press('1');
  await page.getByRole('button', { name: 'Send now' }).click();
  // Sent with the shell's own answer, and the shell got it: its pane was narrowed by the later splits
  // (the question wrapped onto two rows), yet the answer reached it, no "the prompt did not take it".
  const decided = async () =>
    (await api.call('approval.history', { kind: 'permission' })).approvals.find((a) =>
      a.summary.includes('Apply the schema change'),
    )?.decision;
  await expect
    .poll(decided, { timeout: 15_000 })
    .toMatchObject({ verdict: 'approve', choice: 'y', decidedBy: 'human' });
  const answered = async () =>
    (await api.call('pane.read', { targets: ['first'] })).screens[0]!.lines.join('\n');
  await expect.poll(answered, { timeout: 15_000 }).toContain('answer=y');
  // n again: the next one, second's question.
  await page.keyboard.press('n');
  await expect(page.getByTestId('approval-detail')).toContainText('Rotate the logs?');

  // Answered items leave the open list but stay in the history.
  await page.getByRole('button', { name: /^Attention/ }).click();
  await expect(rows.filter({ hasText: 'first' })).toHaveCount(0, { timeout: 15_000 });
  await page.getByLabel('Show').selectOption('all');
  await expect(rows.filter({ hasText: 'first' }).first()).toHaveAttribute(
    'data-status',
    /resolved|dismissed/,
  );
});

test('the attention centre: screenshot and no accessibility violations of any impact, light and dark', async ({
  page,
}) => {
  await api.call('agent.spawn', {
    name: 'third',
    team: 'crew',
    kind: 'custom',
    command: asker('Delete the stale branches?'),
  });
  await api.call('attention.setDoNotDisturb', { enabled: true });
  await api.call('agent.spawn', {
    name: 'fourth',
    team: 'crew',
    kind: 'custom',
    command: asker('Bump the minor version?'),
  });
  await api.call('agent.spawn', {
    name: 'fifth',
    team: 'crew',
    kind: 'custom',
    command: `bash -c 'read -p "Overwrite the fixtures? [y/N] " a; exit 3'`,
  });
  await open(page);
  await page.getByRole('button', { name: /^Attention/ }).click();
  const rows = page.getByTestId('attention-row');
  for (const name of ['third', 'fourth', 'fifth'])
    await expect(rows.filter({ hasText: name }).first()).toBeVisible({ timeout: 30_000 });
  await rows
    .filter({ hasText: 'fifth' })
    .first()
    .getByRole('button', { name: /^Dismiss/ })
    .click();
  await page.getByLabel('Show').selectOption('all');
  await expect(rows.filter({ hasText: 'fifth' }).first()).toHaveAttribute('data-status', 'dismissed');
  await page.screenshot({ path: screenshotPath('attention-centre.png') });
  expect(await allViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  expect(await allViolations(page)).toEqual([]);
  await api.call('attention.setDoNotDisturb', { enabled: false });

  // The list is one Tab stop: the cursor row (then its buttons); arrows move the cursor, Enter answers.
  const focusedRow = () => page.evaluate(() => document.activeElement?.getAttribute('data-row-key') ?? null);
  const keys = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-row-key')));
  expect(keys.length).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-testid="attention-row"][tabindex="0"]')).toHaveCount(1);
  await page.getByLabel('Filter notifications').focus();
  // Past the group index and the first heading's "Dismiss all": the first row, not a button of it.
  for (let i = 0; i < 4 && (await focusedRow()) === null; i++) await page.keyboard.press('Tab');
  expect(await focusedRow()).toBe(keys[0]);
  await page.keyboard.press('ArrowDown');
  expect(await focusedRow()).toBe(keys[1]);
  await page.keyboard.press('End');
  expect(await focusedRow()).toBe(keys.at(-1));
  await page.keyboard.press('Home');
  expect(await focusedRow()).toBe(keys[0]);
  await expect(page.locator('[data-testid="attention-row"][tabindex="0"]')).toHaveCount(1);
  const third = rows.filter({ hasText: 'third' }).first();
  const thirdKey = await third.getAttribute('data-row-key');
  while ((await focusedRow()) !== thirdKey) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('approval-detail')).toContainText('Delete the stale branches?');
});
