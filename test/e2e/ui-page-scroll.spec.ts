// Session 26's review: with eight long messages the Inbox made the whole page scroll (1544 px for an 800 px window),
// taking the header — the tabs, Next, Commands — off the screen. The view's own box scrolls (overflow: auto), but
// the hidden words for screen readers in its buttons (position: absolute, "Mark read: message from ada") had no
// positioned ancestor inside it: each was placed against the page, far below, and the page grew to hold them. Now
// a view's box (and the org chart's sidebar) is their containing block. Above 720 px wide no view scrolls the page.
import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';

const { api, host } = specHost('--backend', 'memory');
const VIEWS = [
  'Org chart',
  'Attention',
  'Inbox',
  'Approvals',
  'Agent detail',
  'Terminals',
  'Health',
  'Message flow',
  'Plans',
  'Memory',
  'Search',
  'Replay',
  'Manage',
];

test.beforeAll(async () => {
  await api.call('team.create', { name: 'web' });
  for (const name of ['ada', 'bob']) await api.call('agent.spawn', { name, team: 'web', kind: 'shell' });
  const ada = await HostApi.connect(host, (await api.call('agent.issueToken', { agent: 'ada' })).token);
  try {
    for (let i = 0; i < 8; i++)
      await ada.call('message.send', {
        kind: 'notification',
        to: { human: true },
        body: `Status ${i}: ${'the migration is half way through, '.repeat(12)}`,
        typeIntoPane: 'never',
      });
    for (let i = 0; i < 4; i++)
      await ada.call('approval.request', { kind: 'permission', summary: `Run step ${i} of the migration` });
  } finally {
    ada.close();
  }
});

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${name}`) });

test('above 720 px no view makes the page scroll: the header stays on screen, the view scrolls in its own box', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  const scrolls: Record<string, number> = {};
  for (const view of VIEWS) {
    await tab(page, view).click();
    await expect(tab(page, view)).toHaveAttribute('aria-current', 'page');
    if (view === 'Inbox') await expect(page.getByTestId('inbox-message')).toHaveCount(8);
    await page.waitForTimeout(300);
    const height = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    if (height > 0) scrolls[view] = height;
  }
  expect(scrolls).toEqual({});
  // The Inbox's own box scrolls to its last message; the header stays where it was.
  await tab(page, 'Inbox').click();
  await page.getByTestId('inbox-message').last().scrollIntoViewIfNeeded();
  expect(
    await page.locator('header.app-header').evaluate((header) => header.getBoundingClientRect().top),
  ).toBe(0);
  await expect(page.getByTestId('inbox-message').last()).toBeInViewport();
});
