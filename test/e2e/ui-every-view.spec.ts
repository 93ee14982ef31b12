import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { allViolations } from './ui-axe';

// Issue 22's "done means" in one place: every view of the UI, light and dark, with axe-core reporting no
// violation of any impact, on a small live fleet (real shells on the embedded iTerm2-API server, an agent at a
// y/N prompt, an approval, messages); and from every view, the waiting agent is two key presses away (g, 1).
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
const { host, api } = specHost('--backend', 'sim');
test.setTimeout(240_000);

const links: HostApi[] = [];

/** An agent's own link (its token), to act as it. */
async function as(agent: string): Promise<HostApi> {
  const link = await HostApi.connect(host, (await api.call('agent.issueToken', { agent })).token);
  links.push(link);
  return link;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await api.call('recovery.configure', { hungAfterMs: { default: 3_600_000 } });
  for (const team of ['web', 'api']) await api.call('team.create', { name: team });
  for (const [name, team] of [
    ['w1', 'web'],
    ['w2', 'web'],
    ['a1', 'api'],
  ] as const)
    await api.call('agent.spawn', { name, team, kind: 'shell' });
  await api.call('agent.spawn', {
    name: 'asker',
    team: 'api',
    kind: 'custom',
    command: `bash -c 'read -p "Deploy to production? [y/N] " a; echo "answer=$a"; sleep 600'`,
  });
  const w1 = await as('w1');
  const a1 = await as('a1');
  const { messageIds } = await w1.call('message.send', {
    kind: 'request',
    to: { agent: 'a1' },
    body: 'which branch?',
    typeIntoPane: 'never',
  });
  await a1.call('message.send', {
    kind: 'reply',
    replyTo: messageIds[0]!,
    body: 'main',
    typeIntoPane: 'never',
  });
  await w1.call('message.send', {
    kind: 'request',
    to: { agent: 'a1' },
    body: 'and the base?',
    typeIntoPane: 'never',
  });
  await w1.call('approval.request', { kind: 'permission', summary: 'Rotate the staging deploy key' });
});
test.afterAll(() => {
  for (const link of links) link.close();
});

/** Each view's tab and what shows it has drawn its content (not only its frame). */
const VIEWS: { tab: string; ready: (page: Page) => Promise<void> }[] = [
  { tab: 'Org chart', ready: (p) => expect(p.locator('.react-flow__node-agent')).toHaveCount(4) },
  { tab: 'Attention', ready: (p) => expect(p.getByTestId('attention-row').first()).toBeVisible() },
  { tab: 'Inbox', ready: (p) => expect(p.locator('#inbox-title')).toBeVisible() },
  { tab: 'Approvals', ready: (p) => expect(p.getByTestId('approval-detail')).toBeVisible() },
  {
    tab: 'Agent detail',
    ready: async (p) => {
      await p.locator('.detail-toolbar select').selectOption({ label: 'w1' });
      await expect(p.locator('#agent-detail-heading')).toHaveText('w1');
    },
  },
  { tab: 'Terminals', ready: (p) => expect(p.getByTestId('mirror-tile').first()).toBeVisible() },
  { tab: 'Health', ready: (p) => expect(p.getByTestId('health-table').locator('tbody tr')).toHaveCount(4) },
  // Four agents: below the "hide silent agents" threshold, every one is drawn.
  { tab: 'Message flow', ready: (p) => expect(p.getByTestId('flow-node')).toHaveCount(4) },
  { tab: 'Plans', ready: (p) => expect(p.getByTestId('plans-view')).toBeVisible() },
  { tab: 'Memory', ready: (p) => expect(p.locator('#memory-title')).toBeVisible() },
  { tab: 'Search', ready: (p) => expect(p.locator('#search-title')).toBeVisible() },
  { tab: 'Replay', ready: (p) => expect(p.locator('#replay-title')).toBeVisible() },
  { tab: 'Manage', ready: (p) => expect(p.getByRole('navigation', { name: 'Manage' })).toBeVisible() },
];

async function open(page: Page) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  // The asker sits at its prompt: the host says it waits, and "needs you" lists it.
  await expect(page.locator('[data-testid="lane-item"][data-agent="asker"]')).toHaveCount(1, {
    timeout: 60_000,
  });
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${name}`) });

test('every view, light and dark: axe finds no violation of any impact', async ({ page }) => {
  await open(page);
  const found: Record<string, unknown[]> = {};
  for (const theme of ['light', 'dark'] as const) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    for (const view of VIEWS) {
      await tab(page, view.tab).click();
      await expect(tab(page, view.tab)).toHaveAttribute('aria-current', 'page');
      await view.ready(page);
      const violations = await allViolations(page);
      if (violations.length) found[`${view.tab} (${theme})`] = violations;
    }
  }
  // One report of everything found, view by view.
  expect(found).toEqual({});
});

test('from every view, g then a digit puts the focus on each agent "needs you" lists', async ({ page }) => {
  await open(page);
  // Both ask a decision: w1's permission request and asker's prompt ("Deploy to production?", an item the host
  // raises from the screen). The lane keeps the queue's triage order, where the production flag puts asker first.
  await expect(page.getByTestId('lane-item')).toHaveCount(2);
  const items = await page
    .getByTestId('lane-item')
    .evaluateAll((els) => els.map((i) => [i.getAttribute('data-agent'), i.className]));
  expect(items).toEqual([
    ['asker', expect.stringContaining('need-approval')],
    ['w1', expect.stringContaining('need-approval')],
  ]);
  const names = items.map(([name]) => name);
  for (const view of VIEWS) {
    for (const [index, name] of names.entries()) {
      await tab(page, view.tab).click();
      await view.ready(page);
      // Out of any field the view may have focused. Search and Memory focus theirs on the frame after they
      // show: blur after two frames, or the blur comes first and 'g' is typed into the field (failed once here at
      // load 9: the focus never reached the lane).
      await page.evaluate(
        () =>
          new Promise<void>((done) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                (document.activeElement as HTMLElement | null)?.blur();
                done();
              }),
            ),
          ),
      );
      await page.keyboard.press('g');
      // g shows the org chart and focuses the lane's first item once the chart has drawn it; the digit then
      // moves along the lane. A digit typed before that focus lands goes to the page and is lost: at load 20 a
      // switch from Attention drew the chart after '2' was typed and the focus stayed on the first item (session
      // 14's clean clone, passed on retry at the cost of 90 s).
      await expect(page.locator('[data-lane-index="0"]')).toBeFocused();
      await page.keyboard.press(String(index + 1));
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-agent') ?? null), {
          message: `g ${index + 1} from ${view.tab}`,
        })
        .toBe(name);
    }
  }
});

test('the header is laid out the same before and after every view has loaded (no view brings the header its style)', async ({
  page,
}) => {
  await open(page);
  const header = () =>
    page.locator('header.app-header').evaluate((element) => ({
      height: Math.round(element.getBoundingClientRect().height),
      parts: [...element.querySelectorAll('button, select, [data-testid="connection"]')].map((part) => {
        const box = part.getBoundingClientRect();
        return `${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}`;
      }),
    }));
  const first = await header();
  for (const view of VIEWS) {
    await tab(page, view.tab).click();
    await view.ready(page);
  }
  await tab(page, 'Org chart').click();
  await VIEWS[0]!.ready(page);
  expect(await header()).toEqual(first);
});

// 900 px and the focus order: session 26's review of 0332cbe (at 900 px "Replay" and "Manage" wrapped onto a third
// row; the tabs, first in the page, were reached by Tab before the tools above them).
test("the header is two rows at 900, 1024 and 1440 px wide: the title and the tools, then every view's tab on one row; Tab goes in that order", async ({
  page,
}) => {
  await open(page);
  // The badges the fleet's approval, attention items and messages put on the tabs: the widest row of tabs there is.
  await expect(page.locator('header .nav-count')).not.toHaveCount(0);
  for (const width of [900, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await tab(page, 'Manage').click();
    await expect(page.getByTestId('manage-view')).toBeVisible();
    const rows = await page.locator('header.app-header').evaluate((header) => {
      const box = (element: Element | null) => element!.getBoundingClientRect();
      return {
        title: box(header.querySelector('h1')),
        tools: box(header.querySelector('.header-tools')),
        tabTops: [...new Set([...header.querySelectorAll('.nav-tab')].map((t) => Math.round(box(t).top)))],
        tabsBottom: box(header.querySelector('.nav-tabs')).bottom,
        header: box(header),
        // Every Tab stop of the header, in the page's (Tab) order, as "row:left" on screen.
        stops: [...header.querySelectorAll<HTMLElement>('button, select, a[href], [tabindex="0"]')]
          .filter((stop) => stop.tabIndex >= 0 && box(stop).width > 0)
          .map((stop) => ({ top: box(stop).top, bottom: box(stop).bottom, left: box(stop).left })),
      };
    });
    // Reading order: each stop is right of the one before on its row, or on a row below it.
    const outOfOrder = rows.stops.filter((stop, i) => {
      const before = rows.stops[i - 1];
      if (!before) return false;
      const sameRow = stop.top < before.bottom && before.top < stop.bottom;
      return sameRow ? stop.left <= before.left : stop.top < before.top;
    });
    expect(outOfOrder, `${width} px: Tab stops out of reading order`).toEqual([]);
    expect(rows.tabTops, `${width} px: the tabs' rows`).toHaveLength(1);
    // The title and the tools side by side on the first row, the tabs below both, nothing else in the header.
    expect(rows.title.top, `${width} px`).toBeLessThan(rows.tools.bottom);
    expect(rows.tools.top, `${width} px`).toBeLessThan(rows.title.bottom);
    expect(rows.tabTops[0], `${width} px`).toBeGreaterThanOrEqual(
      Math.max(rows.title.bottom, rows.tools.bottom),
    );
    expect(rows.header.bottom - rows.tabsBottom, `${width} px`).toBeLessThan(20);
  }
});
