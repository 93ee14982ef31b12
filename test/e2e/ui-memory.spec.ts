import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });

const { host, api } = specHost('--backend', 'sim');

const agents: HostApi[] = [];
test.beforeAll(async () => {});
test.afterAll(async () => {
  for (const agent of agents) agent.close();
});

/** The agent's own MCP link (its token): what it writes is checked and authored as that agent's. */
async function as(agent: string): Promise<HostApi> {
  const link = await HostApi.connect(host, (await api.call('agent.issueToken', { agent })).token);
  agents.push(link);
  return link;
}

const row = (page: Page, key: string) => page.locator(`[data-testid="memory-row"][data-key="${key}"]`);

test("the memory browser: agents' entries listed live, search as you type, filters, edit, delete, axe", async ({
  page,
}) => {
  await api.call('team.create', { name: 'web' });
  await api.call('agent.spawn', { name: 'alice', team: 'web', kind: 'shell', role: 'builder' });
  await api.call('agent.spawn', { name: 'bob', kind: 'shell', role: 'researcher' });
  const alice = await as('alice');
  const bob = await as('bob');
  await alice.call('memory.put', {
    namespace: 'team',
    key: 'api-conventions',
    value: 'Routes are kebab-case; every handler validates with zod before it touches the store.',
    tags: ['api', 'style'],
  });
  await alice.call('memory.put', {
    namespace: 'agent',
    key: 'todo',
    value: 'Finish the deployment checklist',
  });
  await bob.call('memory.put', {
    namespace: 'global',
    key: 'deployment',
    value: { steps: ['build', 'migrate', 'deploy'], owner: 'bob' },
    tags: ['ops'],
  });

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Memory', exact: true }).click();
  await expect(page.getByTestId('memory-row')).toHaveCount(3);
  // Newest first; each row names its namespace by team or agent name, its author, its tags.
  await expect(page.getByTestId('memory-row').first()).toHaveAttribute('data-key', 'deployment');
  await expect(row(page, 'api-conventions')).toContainText('team web');
  await expect(row(page, 'api-conventions')).toContainText('alice');
  await expect(row(page, 'api-conventions')).toContainText('#api #style');
  await expect(row(page, 'todo')).toContainText('agent alice');

  // Live: an agent writes, the list shows it without a reload.
  await bob.call('memory.put', {
    namespace: 'global',
    key: 'incident-42',
    value: 'The deploy at noon failed on a missing migration.',
    tags: ['ops', 'incident'],
  });
  await expect(row(page, 'incident-42')).toBeVisible();

  // Search as you type: a prefix finds the word, the match is highlighted, best first.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('deplo');
  await expect(page.getByTestId('memory-row')).toHaveCount(3);
  await expect(page.getByTestId('memory-row').first()).toHaveAttribute('data-key', 'deployment');
  await expect(row(page, 'incident-42').locator('mark').first()).toHaveText('deploy');
  await expect(row(page, 'todo').locator('mark').first()).toHaveText('deployment');
  await page.screenshot({ path: screenshotPath('memory-search.png') });
  await search.fill('deploy zod');
  await expect(page.getByTestId('memory-empty')).toHaveText('Nothing matches.');
  await search.fill('');

  // Filters: namespace, author, tag.
  await page.getByLabel('Namespace').selectOption({ label: 'team web (1)' });
  await expect(page.getByTestId('memory-row')).toHaveCount(1);
  await page.getByLabel('Namespace').selectOption({ label: 'All' });
  await page.getByLabel('Author').selectOption({ label: 'bob' });
  await expect(page.getByTestId('memory-row')).toHaveCount(2);
  await page.getByLabel('Tag').fill('incident');
  await expect(page.getByTestId('memory-row')).toHaveCount(1);
  await page.getByLabel('Author').selectOption({ label: 'Anyone' });
  await page.getByLabel('Tag').fill('');
  await expect(page.getByTestId('memory-row')).toHaveCount(4);

  // Edit: open an entry, change its JSON, save; the agent reads the new version.
  await row(page, 'deployment').click();
  const editor = page.getByTestId('memory-editor');
  await expect(editor.getByLabel('The value is JSON')).toBeChecked();
  await editor
    .getByRole('textbox', { name: 'Value' })
    .fill('{"steps": ["build", "test", "deploy"], "owner": "bob"}');
  await editor.getByLabel('Tags').fill('ops, release');
  await page.screenshot({ path: screenshotPath('memory-browser.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'deployment')).toContainText('#ops #release');
  await expect
    .poll(async () => (await bob.call('memory.get', { namespace: 'global', key: 'deployment' })).version)
    .toBe(2);
  expect((await bob.call('memory.get', { namespace: 'global', key: 'deployment' })).value).toEqual({
    steps: ['build', 'test', 'deploy'],
    owner: 'bob',
  });
  // JSON that does not parse is refused in the editor, nothing sent.
  await editor.getByRole('textbox', { name: 'Value' }).fill('{broken');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('alert')).toContainText('not JSON');
  expect((await bob.call('memory.get', { namespace: 'global', key: 'deployment' })).version).toBe(2);

  // A new entry by the human, then delete one.
  await page.getByRole('button', { name: 'New entry' }).click();
  await editor.getByRole('textbox', { name: 'Key' }).fill('release-train');
  await editor.getByRole('textbox', { name: 'Value' }).fill('Every Tuesday at 10:00.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'release-train')).toContainText('you');
  await row(page, 'incident-42').click();
  // Deleting asks first (it is gone for every agent): Cancel keeps it, Yes deletes.
  await editor.getByRole('button', { name: 'Delete' }).click();
  await expect(editor.getByRole('group', { name: 'Confirm: Delete' })).toContainText(
    'Delete incident-42 for every agent?',
  );
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(row(page, 'incident-42')).toHaveCount(1);
  await editor.getByRole('button', { name: 'Delete' }).click();
  await editor
    .getByRole('group', { name: 'Confirm: Delete' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(row(page, 'incident-42')).toHaveCount(0);
  await expect(bob.call('memory.get', { namespace: 'global', key: 'incident-42' })).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(editor).toHaveCount(0);

  // Keyboard: the search field takes focus on open; Tab reaches the rows, Enter opens one.
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  await page.getByRole('button', { name: 'Memory', exact: true }).click();
  await expect(search).toBeFocused();
  await row(page, 'release-train').focus();
  await page.keyboard.press('Enter');
  await expect(editor.getByRole('textbox', { name: 'Key' })).toHaveValue('release-train');
  expect(await seriousViolations(page)).toEqual([]);
});
