import { expect, test } from './host-fixture';
import { shellTeamWithTokens } from './queue-fleet';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// The approval queue as a triage inbox (issue 22, item 3), on the embedded iTerm2-API server with real
// shells: a y/N question in a real bash becomes an item, answered from the keyboard, undone, answered again.
test.use({ bypassCSP: true });

const { api, agents, openQueue } = shellTeamWithTokens('ops', ['planner', 'builder']);

const screenOf = async (agent: string) =>
  (await api.call('pane.read', { targets: [agent], lines: 20 })).screens[0]!.lines.join('\n');

test('a y/N question in a real shell: keys work at once, 1 answers, u undoes, the answer reaches the shell after the undo window', async ({
  page,
}) => {
  await openQueue(page);
  await api.call('agent.spawn', {
    name: 'deployer',
    kind: 'custom',
    team: 'ops',
    command: `bash -c 'read -p "Deploy to production? [y/N] " answer; echo "answer=$answer"; sleep 600'`,
  });
  const item = page.getByTestId('approval-item').filter({ hasText: 'Deploy to production' });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item.getByTestId('risk-flag')).toHaveText('production');
  const detail = page.getByTestId('approval-detail');
  await expect(detail.getByTestId('terminal-tail')).toContainText('Deploy to production? [y/N]');
  await expect(detail.getByRole('button', { name: '1 y' })).toBeVisible();
  await expect(detail.getByRole('button', { name: '2 n' })).toBeVisible();

  // No click into the list: the key works as soon as the view shows.
  await page.keyboard.press('1');
  await expect(item).toHaveCount(0);
  await expect(page.getByTestId('undo-entry')).toContainText('Chose “y”');
  await page.keyboard.press('u');
  await expect(item).toBeVisible();
  await expect(page.getByTestId('undo-entry')).toHaveCount(0);
  // Undone means never sent: the shell still waits.
  expect(await screenOf('deployer')).not.toContain('answer=');

  await page.keyboard.press('1');
  await expect(page.getByTestId('undo-entry')).toHaveCount(1);
  await expect(page.getByTestId('undo-entry')).toHaveCount(0, { timeout: 10_000 }); // sent when the window ends
  await expect.poll(() => screenOf('deployer'), { timeout: 15_000 }).toContain('answer=y');
  await expect(page.getByTestId('history-row').filter({ hasText: 'Deploy to production' })).toContainText(
    'approved',
  );
});

test('triage order, every choice on its digit, "always allow this" writes a visible, removable policy', async ({
  page,
}) => {
  const planner = agents['planner']!;
  const builder = agents['builder']!;
  await openQueue(page);
  await planner.call('approval.request', {
    kind: 'escalation',
    summary: 'Release notes wording',
    expiresInMs: 3_600_000,
  });
  await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Wipe the build cache',
    payload: { command: 'rm -rf .cache/build' },
    expiresInMs: 3_600_000,
  });
  await planner.call('approval.request', {
    kind: 'plan_step',
    summary: 'The flaky suite: which way?',
    choices: ['retry', 'skip', 'rewrite the test'],
    expiresInMs: 120_000,
  });
  const rows = page.getByTestId('approval-item');
  await expect(rows).toHaveCount(3);
  // Expiring in 2 minutes first; then, of the hour-long ones, the destructive command before the harmless one.
  // Each is its asker's words, quoted under Switchboard's "… asks".
  await expect(rows.locator('.queue-summary')).toHaveText([
    'planner asks: The flaky suite: which way?',
    'builder asks: Wipe the build cache',
    'planner asks: Release notes wording',
  ]);

  await page.keyboard.press('3'); // the plan step's third choice
  await expect(page.getByTestId('undo-entry')).toContainText('Chose “rewrite the test”');
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect
    .poll(
      async () => (await api.call('approval.history', { kind: 'plan_step' })).approvals[0]?.decision?.choice,
    )
    .toBe('rewrite the test');

  // "Always allow this" on the destructive command: a policy appears, this item is approved (after the undo window)…
  const detail = page.getByTestId('approval-detail');
  await expect(detail).toContainText('Wipe the build cache');
  await expect(detail.getByTestId('detail-risks')).toContainText('destructive');
  await detail.getByRole('button', { name: /Always allow this for builder/ }).click();
  const policy = page.getByTestId('policy-row');
  await expect(policy).toHaveCount(1);
  await expect(policy).toContainText('approve permission from builder matching “rm -rf .cache/build”');
  await page.getByRole('button', { name: 'Send now' }).click();
  // …and the next identical request is approved by the policy, with nobody asked.
  const again = await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Wipe the build cache',
    payload: { command: 'rm -rf .cache/build' },
  });
  expect(again.approval).toMatchObject({ status: 'approved', decision: { automatic: true } });
  await policy.getByRole('button', { name: /Remove policy/ }).click();
  await expect(policy).toHaveCount(0);
  const third = await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Wipe the build cache',
    payload: { command: 'rm -rf .cache/build' },
  });
  expect(third.approval.status).toBe('pending');

  // Batch by agent: both of builder's items, denied together.
  await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Touch the lockfile',
    payload: { command: 'npm install left-pad' },
  });
  await rows.filter({ hasText: 'Touch the lockfile' }).click();
  await page.getByRole('button', { name: /Select all from builder \(2\)/ }).click();
  await page.keyboard.press('d');
  await expect(page.getByTestId('undo-entry')).toContainText('Denied 2 items');
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Release notes wording');
});

test('the queue with its detail pane: screenshot, and no accessibility violations of any impact, light and dark', async ({
  page,
}) => {
  const planner = agents['planner']!;
  const builder = agents['builder']!;
  await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Run the database migration on production',
    payload: { command: 'npm run migrate -- --env production' },
    expiresInMs: 240_000,
  });
  await planner.call('approval.request', {
    kind: 'plan_step',
    summary: 'Split the payments module?',
    choices: ['split now', 'after the release', 'never'],
    expiresInMs: 1_800_000,
  });
  await builder.call('approval.request', {
    kind: 'permission',
    summary: 'Read the deploy token',
    payload: { command: 'cat ~/.config/deploy/token' },
    expiresInMs: 3_600_000,
  });
  await openQueue(page);
  for (const summary of [
    'Run the database migration',
    'Split the payments module',
    'Read the deploy token',
  ]) {
    await expect(page.getByTestId('approval-item').filter({ hasText: summary })).toBeVisible();
  }
  await expect(page.getByTestId('terminal-tail')).not.toHaveText('reading…');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: screenshotPath('approval-queue.png') });
  expect(await allViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: /Theme/ }).selectOption('dark');
  await page.screenshot({ path: screenshotPath('approval-queue-dark.png') });
  expect(await allViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: /Theme/ }).selectOption('system');
});

test('at 1024×700 the detail’s kind chip stays whole beside a long summary', async ({ page }) => {
  // Found by use: the demo's lock item read "loc" over "k" (the heading may break anywhere, and so did the chip).
  await agents['builder']!.call('approval.request', {
    kind: 'permission',
    summary:
      'builder asks for file "src/payments/**", held by planner: fix the two review nits in the refund form before the release',
    expiresInMs: 60_000,
  });
  await page.setViewportSize({ width: 1024, height: 700 });
  await openQueue(page);
  await expect(page.getByTestId('approval-detail')).toContainText('refund form');
  const chipLines = await page
    .getByTestId('approval-detail')
    .locator('h3 .kind-chip')
    .evaluate((chip) => {
      const range = document.createRange();
      range.selectNodeContents(chip);
      return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
    });
  expect(chipLines).toBe(1);
});
