import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';
import { openManageSection } from './manage-section';
import { screenshotPath } from './screenshots';

// The human writes the recovery policy from the Manage view's Recovery section (keyboard only), and the
// host stores it: checked through the contract on the host's side.
// Tall enough for the open editor and the agents table in one screenshot (the view scrolls inside the page).
test.use({ bypassCSP: true, viewport: { width: 1280, height: 1300 } });

const { host, api } = specHost('--backend', 'memory');

test('"Restart exited agents" is stored, the ladders are edited and go back to default, by keyboard', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await api.call('agent.spawn', { name: 'a1', kind: 'shell' });
  await openManageSection(page, host.uiUrl, 'Recovery');
  const exited = page.getByTestId('policy-exited-ladder');
  await expect(exited).toHaveText('none: an agent whose program ended is reported and left alone (default)');
  await expect(page.getByTestId('recovery-policy-changed')).toHaveText('This is the default policy.');

  await page.getByRole('button', { name: 'Restart exited agents' }).focus();
  await page.keyboard.press('Enter');
  await expect(exited).toHaveText('restart → replace → escalate');
  expect((await api.call('recovery.policy', {})).exitedLadder).toEqual(['restart', 'replace', 'escalate']);

  // The editor, by keyboard: Space ticks a checkbox, Enter presses a button.
  await page.getByRole('button', { name: 'Edit ladders' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit the recovery ladders' });
  await form.getByRole('checkbox', { name: 'replace in the exited ladder' }).focus();
  await page.keyboard.press('Space');
  await form.getByRole('button', { name: 'Move escalate earlier in the exited ladder' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  expect(await allViolations(page), 'ladder editor, light').toEqual([]);
  await page.screenshot({ path: screenshotPath('manage-recovery-policy-edit.png') });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  expect(await allViolations(page), 'ladder editor, dark').toEqual([]);
  await form.getByRole('button', { name: 'Save ladders' }).focus();
  await page.keyboard.press('Enter');
  await expect(exited).toHaveText('restart → escalate');
  expect((await api.call('recovery.policy', {})).exitedLadder).toEqual(['restart', 'escalate']);
  await page.screenshot({ path: screenshotPath('manage-recovery-policy.png') });

  await page.getByRole('button', { name: 'Back to the default ladders' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recovery-policy-changed')).toHaveText('This is the default policy.');
  const stored = await api.call('recovery.policy', {});
  expect([stored.hungLadder, stored.exitedLadder]).toEqual([
    ['nudge', 'interrupt', 'restart', 'replace', 'escalate'],
    [],
  ]);
});
