import type { Page } from '@playwright/test';
import { expect, test } from './host-fixture';
import { AgentLinks, HostApi } from './host-api';
import { startHostProcess, type HostProcess } from './host-process';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// The person's inbox (agents' messages to the human: unread count, mark read, reply) and each agent's quota usage,
// in Chromium against a real host. Its own host: an inbox quota of 10 messages (SWITCHBOARD_INBOX_QUOTA_MESSAGES)
// puts an agent past 80 % with 9 messages; memory backend (no shells: nothing here reads a screen).
test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
test.setTimeout(120_000);

let host: HostProcess;
let api: HostApi;
/** Each agent's own link (its token), to act as it. */
const agents = new AgentLinks(
  () => host,
  () => api,
);
const as = (agent: string) => agents.as(agent);

test.beforeAll(async () => {
  test.setTimeout(90_000);
  host = await startHostProcess(['--backend', 'memory'], undefined, {
    SWITCHBOARD_INBOX_QUOTA_MESSAGES: '10',
  });
  api = await HostApi.connect(host);
  await api.call('team.create', { name: 'web' });
  for (const name of ['ada', 'bob']) await api.call('agent.spawn', { name, team: 'web', kind: 'shell' });
});
test.afterAll(async () => {
  agents.close();
  api?.close();
  await host?.stop();
});

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${name}`) });
/** Whether anything makes the page scroll sideways. */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('the inbox: messages from agents arrive unread, mark one and all read (the count falls), reply; axe; 640 px', async ({
  page,
}) => {
  const ada = await as('ada');
  await ada.call('message.send', {
    to: { human: true },
    kind: 'request',
    body: 'Which branch should the release go out from: main or release/2.4?',
  });
  await ada.call('message.send', {
    to: { human: true },
    kind: 'notification',
    priority: 'high',
    body: 'Build finished with 3 warnings in src/api/routes/very/deep/path/handlers.ts',
  });
  await ada.call('message.send', { to: { human: true }, body: 'Tests pass on my branch.' });

  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(tab(page, 'Inbox')).toHaveText('Inbox3');
  await page.keyboard.press('i');
  await expect(tab(page, 'Inbox')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('inbox-unread')).toHaveText('3 unread');
  const unread = page.getByRole('list', { name: 'Unread messages' }).getByTestId('inbox-message');
  await expect(unread).toHaveCount(3);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('inbox.png') });

  // Keyboard: Tab reaches "Mark read" on the newest message, Enter marks it read.
  const markNewest = unread.first().getByRole('button', { name: /^Mark read/ });
  await markNewest.focus();
  await expect(markNewest).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inbox-unread')).toHaveText('2 unread');
  await expect(unread).toHaveCount(2);
  // The keyboard stays in the list: on the next message's first button, not lost to the page.
  await expect(unread.first().getByRole('button', { name: /^Mark read/ })).toBeFocused();
  await expect(tab(page, 'Inbox')).toHaveText('Inbox2');
  const status = await api.call('message.status', { agent: undefined });
  expect(status.inboxes.find((i) => i.recipientId === 'human')?.depth).toBe(2);

  // Reply to the question: ada gets a reply to it, and it is read.
  const question = unread.filter({ hasText: 'Which branch' });
  await question.getByRole('button', { name: /^Reply/ }).click();
  await page.getByRole('textbox', { name: 'Reply to ada' }).fill('release/2.4, please');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('inbox-unread')).toHaveText('1 unread');
  await expect(unread).toHaveCount(1);
  await expect(unread.first().getByRole('button', { name: /^Mark read/ })).toBeFocused();
  const { messages } = await ada.call('message.receive', {});
  expect(messages.map((m) => [m.kind, m.body, m.senderId])).toEqual([
    ['reply', 'release/2.4, please', 'human'],
  ]);

  // The last one marked read by keyboard: the list is gone, the keyboard on the view's heading.
  await unread
    .first()
    .getByRole('button', { name: /^Mark read/ })
    .press('Enter');
  await expect(page.getByTestId('inbox-unread')).toHaveText('Nothing unread');
  await expect(page.locator('#inbox-title')).toBeFocused();
  // Mark all read: every unread one in one call (message.ack `all`, up to the newest listed), audited once.
  for (const body of ['One more thing.', 'And another.', 'Last one.'])
    await ada.call('message.send', { to: { human: true }, body });
  await expect(page.getByTestId('inbox-unread')).toHaveText('3 unread');
  await expect(unread).toHaveCount(3);
  const acks = async () => (await api.call('audit.list', { action: 'message.ack' })).entries;
  const acksBefore = (await acks()).length;
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('inbox-unread')).toHaveText('Nothing unread');
  await expect(tab(page, 'Inbox')).toHaveText('Inbox');
  const newAcks = (await acks()).slice(acksBefore);
  expect(newAcks.map((e) => e.details)).toEqual([{ input: { all: true, upTo: expect.any(Number) } }]);
  await page.getByRole('checkbox', { name: /Show read/ }).check();
  await expect(page.getByRole('list', { name: 'Read messages' }).getByTestId('inbox-message')).toHaveCount(6);
  await page.screenshot({ path: screenshotPath('inbox-all-read.png') });

  // A new message at 640 px: the inbox fits the screen.
  await ada.call('message.send', { to: { human: true }, kind: 'request', body: 'May I merge #412 now?' });
  await page.setViewportSize({ width: 640, height: 800 });
  await expect(page.getByTestId('inbox-unread')).toHaveText('1 unread');
  expect(await overflowsSideways(page)).toBe(false);
  await page.screenshot({ path: screenshotPath('inbox-640.png') });
});

test('quota usage: an agent past 80 % of its inbox shows a warning on the dashboard and in its detail', async ({
  page,
}) => {
  const ada = await as('ada');
  await ada.call('memory.put', { namespace: 'global', key: 'release-notes', value: 'x'.repeat(3000) });
  for (let i = 1; i <= 9; i++)
    await ada.call('message.send', { to: { agent: 'bob' }, body: `task ${i}`, typeIntoPane: 'never' });

  await page.goto(host.uiUrl);
  // On the org chart, bob's card says it.
  await expect(
    page.locator('[data-testid="agent-card"][data-agent="bob"] [data-testid="quota-warning"]'),
  ).toHaveText('inbox messages 90 %');
  await expect(
    page.locator('[data-testid="agent-card"][data-agent="ada"] [data-testid="quota-warning"]'),
  ).toHaveCount(0);
  await tab(page, 'Health').click();
  const cell = (agent: string) => page.locator(`tr[data-agent="${agent}"]`).getByTestId('quota-cell');
  await expect(cell('bob')).toHaveAttribute('data-level', 'warn');
  await expect(cell('bob')).toHaveText('90 % inbox messages (near its limit)');
  await expect(cell('ada')).toHaveAttribute('data-level', 'ok');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('quota-dashboard.png') });

  await page.getByRole('button', { name: 'bob: open details' }).click();
  const panel = page.getByTestId('agent-quotas');
  await expect(panel.locator('[data-quota="inbox messages"]')).toHaveAttribute('data-level', 'warn');
  await expect(panel).toContainText('9 of 10 · 90 % (near its limit)');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: screenshotPath('agent-quotas.png') });

  // bob reads and acknowledges two: 70 %, no longer a warning, live.
  const bob = await as('bob');
  const { messages } = await bob.call('message.receive', { limit: 2 });
  await bob.call('message.ack', { messageIds: messages.map((m) => m.id) });
  await expect(panel.locator('[data-quota="inbox messages"]')).toHaveAttribute('data-level', 'ok');
  await expect(panel).toContainText('7 of 10 · 70 %');
});

test('below 720 px no view scrolls the page sideways (640 and 420 px)', async ({ page }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  const views = ['Org chart', 'Attention', 'Inbox', 'Approvals', 'Agent detail', 'Terminals', 'Health'];
  const more = ['Message flow', 'Plans', 'Memory', 'Search', 'Replay', 'Manage'];
  const wide: string[] = [];
  for (const width of [640, 420]) {
    await page.setViewportSize({ width, height: 800 });
    for (const view of [...views, ...more]) {
      await tab(page, view).click();
      await expect(tab(page, view)).toHaveAttribute('aria-current', 'page');
      // Drawn, not still loading its chunk (an empty frame cannot overflow).
      await expect(page.locator('.view-loading')).toHaveCount(0);
      if (view === 'Health') await expect(page.getByTestId('quota-cell').first()).toBeVisible();
      if (view === 'Agent detail') {
        await page.locator('.detail-toolbar select').selectOption({ label: 'ada' });
        await expect(page.getByTestId('agent-quotas')).toBeVisible();
      }
      if (await overflowsSideways(page)) wide.push(`${view} at ${width} px`);
    }
  }
  expect(wide).toEqual([]);
  await page.setViewportSize({ width: 640, height: 800 });
  await tab(page, 'Org chart').click();
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(2);
  await page.screenshot({ path: screenshotPath('org-chart-640.png') });
});
