import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';
import { openManageSection } from './manage-section';

// Fleet management from the UI (issue 22, item 7) on the embedded iTerm2-API server with real shells:
// every action goes through the UI, every outcome is checked on the host's side through the contract.
test.use({ bypassCSP: true });

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  for (const team of ['web', 'ops']) await api.call('team.create', { name: team });
  for (const [name, team] of [
    ['w1', 'web'],
    ['w2', 'web'],
    ['o1', 'ops'],
  ] as const)
    await api.call('agent.spawn', { name, team, kind: 'shell' });
});

const openSection = (page: Page, section: string) => openManageSection(page, host.uiUrl, section);

const teamNamed = async (name: string) =>
  (await api.call('fleet.snapshot', {})).teams.find((t) => t.name === name);

test('teams: a sub-team is created, renamed, moved to the top level, reordered and deleted only after Yes', async ({
  page,
}) => {
  await openSection(page, 'Teams');
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('New team').fill('frontend');
  await form.getByLabel('Inside').selectOption({ label: 'web' });
  await form.getByRole('button', { name: 'Create sub-team' }).click();
  await expect.poll(async () => (await teamNamed('frontend'))?.parentId).toBe((await teamNamed('web'))!.id);

  const row = () => page.getByTestId('team-row').filter({ hasText: /frontend|ui/ });
  await row().getByRole('button', { name: 'Rename frontend' }).click();
  await page.getByLabel('New name for frontend').fill('ui');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await teamNamed('ui'))?.name).toBe('ui');

  await page.getByLabel('Parent of ui').selectOption({ label: 'Top level' });
  await expect.poll(async () => (await teamNamed('ui'))?.parentId).toBeNull();
  await page.getByRole('button', { name: 'Move ui up' }).click();
  await expect.poll(async () => (await teamNamed('ui'))?.position).toBe(1);

  // web has agents: its delete is disabled, with the reason.
  await expect(page.getByRole('button', { name: 'Delete web…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Delete ui…' }).click();
  await page
    .getByRole('group', { name: 'Confirm: Delete ui…' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  expect(await teamNamed('ui')).toBeDefined();
  await page.getByRole('button', { name: 'Delete ui…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect.poll(() => teamNamed('ui')).toBeUndefined();
  await expect(page.getByTestId('team-row').filter({ hasText: 'ui' })).toHaveCount(0);
});

test('layout: a preset is previewed without moving a pane, then applied; an arrangement is saved, previewed and restored', async ({
  page,
}) => {
  await openSection(page, 'Layout');
  const before = await api.call('layout.get', {});
  await page.getByLabel('Preset').selectOption('agent-tabs');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = page.getByTestId('layout-preview');
  await expect(preview).toContainText('Preview of agent-tabs');
  await expect(preview.getByTestId('preview-tab')).toHaveCount(3);
  for (const name of ['w1', 'w2', 'o1'])
    await expect(preview.getByTestId('preview-pane').filter({ hasText: name })).toHaveCount(1);
  expect(await api.call('layout.get', {})).toEqual(before);

  await page.getByRole('button', { name: 'Apply agent-tabs' }).click();
  await expect.poll(async () => (await api.call('layout.get', {})).preset).toBe('agent-tabs');

  const save = page.getByRole('form', { name: 'Save the arrangement' });
  await save.getByLabel('Save the current arrangement as').fill('all-tabs');
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('arrangement-row').filter({ hasText: 'all-tabs' })).toBeVisible();
  await api.call('layout.apply', { preset: 'team-grid' });
  await page.getByRole('button', { name: 'Preview all-tabs' }).click();
  await expect(preview).toContainText('Preview of “all-tabs”');
  await expect(preview.getByTestId('preview-tab')).toHaveCount(3);
  expect((await api.call('layout.get', {})).preset).toBe('team-grid');
  await page.getByRole('button', { name: 'Apply all-tabs' }).click();
  await expect.poll(async () => (await api.call('layout.get', {})).preset).toBe('agent-tabs');
  await page.getByRole('button', { name: 'Delete all-tabs…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect.poll(async () => (await api.call('layout.list', {})).arrangements).toEqual([]);
});

test('policies and roles: added, edited in place and removed from the UI', async ({ page }) => {
  await openSection(page, 'Policies');
  await page.getByRole('button', { name: 'New policy…' }).click();
  const form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Action').selectOption('approve');
  await form.getByLabel('Kind').selectOption('permission');
  await form.getByLabel('Matching (glob: * and ?)').fill('npm test*');
  await form.getByRole('button', { name: 'Add policy' }).click();
  await expect
    .poll(async () => (await api.call('policy.list', {})).policies)
    .toMatchObject([{ kind: 'permission', pattern: 'npm test*', action: 'approve' }]);

  await page.getByRole('button', { name: 'Edit policy 1' }).click();
  const edit = page.getByRole('form', { name: 'Edit policy' });
  await edit.getByLabel('Action').selectOption('deny');
  await edit.getByLabel('Matching (glob: * and ?)').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(async () => (await api.call('policy.list', {})).policies)
    .toMatchObject([{ kind: 'permission', pattern: null, action: 'deny' }]);
  const [edited] = (await api.call('policy.list', {})).policies;
  await page.getByRole('button', { name: 'Remove policy 1…' }).click();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await expect.poll(async () => (await api.call('policy.list', {})).policies).toEqual([]);
  expect(edited).toBeDefined();

  await page
    .getByRole('navigation', { name: 'Manage' })
    .getByRole('button', { name: 'Roles', exact: true })
    .click();
  await page.getByRole('textbox', { name: 'New role' }).fill('reviewer');
  await page.getByRole('button', { name: 'Add role' }).click();
  const roleForm = page.getByRole('form', { name: 'Edit role reviewer' });
  await roleForm
    .getByLabel('Commands (names or globs, comma-separated: lock.*, *.list)')
    .fill('*.list, message.send');
  await roleForm.getByLabel('May spawn agents').check();
  await roleForm.getByLabel('May read other panes').check();
  await roleForm.getByRole('button', { name: 'Save role' }).click();
  const reviewer = async () => (await api.call('role.list', {})).roles.find((r) => r.name === 'reviewer');
  await expect
    .poll(reviewer)
    .toMatchObject({ commands: ['*.list', 'message.send'], canSpawn: true, canReadOtherPanes: true });
  await expect(page.locator('[data-role="reviewer"]')).toContainText('reads other panes');
  await expect(page.getByRole('button', { name: 'Remove builder…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Remove reviewer…' }).click();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await expect.poll(reviewer).toBeUndefined();
});

test('broadcast: a cascade gives the team one text and one of its agents another, in one send', async ({
  page,
}) => {
  await openSection(page, 'Broadcast');
  await page.getByRole('combobox', { name: 'Team of part 1' }).selectOption({ label: 'web' });
  await page.getByRole('textbox', { name: 'Text of part 1' }).fill('web: freeze merges');
  await page.getByRole('button', { name: 'Add an audience (cascade)' }).click();
  await page.getByRole('combobox', { name: 'Audience of part 2' }).selectOption('agent');
  await page.getByRole('combobox', { name: 'Agent of part 2' }).selectOption({ label: 'w2' });
  await page.getByRole('textbox', { name: 'Text of part 2' }).fill('w2: you own the release');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('broadcast-result')).toContainText('Sent to 2 recipients');
  const bodies = async (agent: string) =>
    (await api.call('message.peek', { agent })).messages.map((m) => m.body);
  expect(await bodies('w1')).toContain('web: freeze merges');
  expect(await bodies('w2')).toContain('w2: you own the release');
  expect(await bodies('w2')).not.toContain('web: freeze merges');
  expect(await bodies('o1')).toEqual([]);
});

test('recovery pauses and resumes fleet-wide and per agent; the audit viewer lists it and verifies the chain', async ({
  page,
}) => {
  await openSection(page, 'Recovery');
  await page.getByLabel('Reason (optional)').fill('deploy in progress');
  await page.getByRole('button', { name: 'Pause recovery', exact: true }).click();
  await expect(page.getByTestId('recovery-state')).toHaveText('Paused for the whole fleet');
  expect((await api.call('recovery.status', {})).paused).toBe(true);
  await page.getByRole('button', { name: 'Resume recovery', exact: true }).click();
  await expect(page.getByTestId('recovery-state')).toHaveText('Running');
  expect((await api.call('recovery.status', {})).paused).toBe(false);
  await page.getByRole('button', { name: 'Pause recovery of o1' }).click();
  await expect
    .poll(async () => (await api.call('recovery.status', { agent: 'o1' })).agents[0]?.pausedSelf)
    .toBe(true);
  await expect(page.getByTestId('recovery-row').filter({ hasText: 'o1' })).toContainText(
    'paused (this agent)',
  );
  await page.getByRole('button', { name: 'Resume recovery of o1' }).click();
  await expect
    .poll(async () => (await api.call('recovery.status', { agent: 'o1' })).agents[0]?.pausedSelf)
    .toBe(false);

  await page
    .getByRole('navigation', { name: 'Manage' })
    .getByRole('button', { name: 'Audit', exact: true })
    .click();
  await page.getByLabel('Action').fill('health.pause');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  await expect(page.getByTestId('audit-row').first()).toContainText('you');
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('audit-verification')).toContainText('Intact');
});

test('restart: an agent is restarted in a fresh pane after Yes, with a new pane id', async ({ page }) => {
  await openSection(page, 'Restart');
  const before = (await api.call('fleet.snapshot', {})).agents.find((a) => a.name === 'o1')!;
  await page.getByRole('button', { name: 'Restart o1…' }).click();
  await page.getByRole('button', { name: 'Yes, restart' }).click();
  await expect
    .poll(async () => (await api.call('fleet.snapshot', {})).agents.find((a) => a.name === 'o1')?.paneId, {
      timeout: 30_000,
    })
    .not.toBe(before.paneId);
  await expect(page.getByTestId('lost-bar')).toContainText('No lost agents');
});

test('every management section: no accessibility violations of any impact, light and dark; screenshots', async ({
  page,
}) => {
  // axe over every section in two themes: 12–25 s alone, over 60 s at load 25 beside a second Playwright worker.
  test.setTimeout(120_000);
  await api.call('policy.add', {
    kind: 'permission',
    pattern: 'npm test*',
    action: 'approve',
    comment: 'tests are safe',
  });
  await api.call('layout.save', { name: 'morning', replace: true });
  await openSection(page, 'Teams');
  for (const section of [
    'Teams',
    'Restart',
    'Layout',
    'Broadcast',
    'Policies',
    'Roles',
    'Recovery',
    'Audit',
    'Storage',
  ]) {
    await page
      .getByRole('navigation', { name: 'Manage' })
      .getByRole('button', { name: section, exact: true })
      .click();
    await expect(page.getByTestId('manage-view').locator('h2').first()).toBeVisible();
    if (section === 'Layout') {
      await page.getByLabel('Preset').selectOption('triple-right');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await expect(page.getByTestId('layout-preview')).toContainText('Preview of triple-right');
    }
    if (section === 'Audit') await expect(page.getByTestId('audit-row').first()).toBeVisible();
    if (section === 'Storage') await expect(page.getByTestId('storage-row').first()).toBeVisible();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    expect(await allViolations(page), `${section} light`).toEqual([]);
    if (section === 'Layout' || section === 'Teams' || section === 'Storage')
      await page.screenshot({ path: screenshotPath(`manage-${section.toLowerCase()}.png`) });
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    expect(await allViolations(page), `${section} dark`).toEqual([]);
  }
});
