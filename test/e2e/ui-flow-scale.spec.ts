import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// The message-flow graph at scale (issue 22, item 6): 60 shell agents in 6 teams on the embedded
// iTerm2-API server, a few of them talking through their own agent tokens.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });

const TEAMS = ['api', 'web', 'ops', 'data', 'docs', 'qa'];
const { host, api } = specHost('--backend', 'sim');

const agentApis = new Map<string, HostApi>();

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await api.call('template.save', { template: { name: 'sh', kind: 'shell' } });
  for (const team of TEAMS) {
    await api.call('team.create', { name: team });
    const { failed } = await api.call('template.spawn', {
      template: 'sh',
      count: 10,
      namePrefix: team,
      team,
    });
    expect(failed).toEqual([]);
  }
});
test.afterAll(async () => {
  for (const client of agentApis.values()) client.close();
});

/** Sends `count` messages as the agent `from` (its own token); returns their ids. `replyTo`: the request answered. */
async function send(
  from: string,
  to: string,
  kind: 'request' | 'reply' | 'instruction' | 'notification',
  count = 1,
  replyTo?: string,
): Promise<string[]> {
  if (!agentApis.has(from))
    agentApis.set(
      from,
      await HostApi.connect(host, (await api.call('agent.issueToken', { agent: from })).token),
    );
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const { messageIds } = await agentApis.get(from)!.call('message.send', {
      kind,
      to: { agent: to },
      body: `${kind} ${n + 1} from ${from}`,
      typeIntoPane: 'never',
      ...(replyTo === undefined ? {} : { replyTo }),
    });
    ids.push(...messageIds);
  }
  return ids;
}

/**
 * Where React Flow put each node of a type (`agent` by its name, `cluster` by its team), in the graph's
 * own coordinates (the viewport's pan and zoom left out).
 */
const placesOf = (page: Page, type: 'agent' | 'cluster') =>
  page
    .locator(`.react-flow__node-${type}`)
    .evaluateAll(
      (nodes, name) =>
        Object.fromEntries(
          nodes.map((n) => [
            n.querySelector(`[${name}]`)?.getAttribute(name),
            (n as HTMLElement).style.transform,
          ]),
        ),
      type === 'agent' ? 'data-agent' : 'data-team',
    );
const positions = (page: Page) => placesOf(page, 'agent');

test('60 agents: silent ones hidden, team clusters, a new pair moves nobody, hover, unanswered requests, replay, axe', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const [firstRequest, secondRequest] = await send('api-1', 'web-2', 'request', 3);
  // The reply answers the first request by its id: the other two stay open, each counted once.
  await send('web-2', 'api-1', 'reply', 1, firstRequest);
  await send('ops-1', 'api-1', 'instruction', 2);
  await send('qa-3', 'data-4', 'notification', 2);

  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  const nodes = page.getByTestId('flow-node');
  // Above 20 agents the silent ones are hidden by default: only the 5 that talk are drawn.
  await expect(nodes).toHaveCount(5);
  await expect(page.getByLabel(/Hide silent agents/)).toBeChecked();
  await expect(page.getByText('Hide silent agents (55 hidden)')).toBeVisible();
  // One cluster per team that has a node shown.
  await expect(page.getByTestId('flow-cluster')).toHaveCount(5);
  await expect(page.locator('[data-testid="flow-cluster"][data-team="api"]')).toBeVisible();
  // api-1 asked web-2 three times and got one reply (to the first): two requests flagged.
  const asked = page.locator('[data-testid="flow-edge"][data-from="api-1"][data-to="web-2"]');
  await expect(asked).toHaveAttribute('data-unanswered', '2');
  await expect(page.getByTestId('flow-unanswered')).toHaveText('2 requests without a reply');

  // A new pair starts talking: the nodes already shown stay exactly where they were.
  const before = await positions(page);
  await send('docs-5', 'api-1', 'request', 1);
  await expect(nodes).toHaveCount(6);
  const after = await positions(page);
  for (const [name, place] of Object.entries(before)) expect(after[name], name).toBe(place);
  await expect(page.getByTestId('flow-unanswered')).toHaveText('3 requests without a reply');
  // A live reply to the second request: the host matches it, one is left on that edge.
  await send('web-2', 'api-1', 'reply', 1, secondRequest);
  await expect(asked).toHaveAttribute('data-unanswered', '1');
  await expect(page.getByTestId('flow-unanswered')).toHaveText('2 requests without a reply');

  // Hovering a node dims everything but it and its neighbours.
  await page.locator('[data-testid="flow-node"][data-agent="qa-3"]').hover();
  await expect(page.locator('[data-testid="flow-node"][data-agent="data-4"]')).not.toHaveClass(/flow-dimmed/);
  await expect(page.locator('[data-testid="flow-node"][data-agent="api-1"]')).toHaveClass(/flow-dimmed/);
  await page.mouse.move(5, 5);
  await expect(page.locator('.flow-node.flow-dimmed')).toHaveCount(0);

  // Replay: the scrubber at the start of the window shows no traffic yet; Live brings it back.
  await page.getByRole('slider').fill('0');
  await expect(page.getByTestId('flow-total')).toHaveText('0 messages on 0 links');
  await expect(nodes).toHaveCount(0);
  await page.getByRole('button', { name: 'Live' }).click();
  await expect(page.getByTestId('flow-total')).toHaveText('10 messages on 5 links');

  // Unticking shows all 60.
  await page.getByLabel(/Hide silent agents/).uncheck();
  await expect(nodes).toHaveCount(60);
  await expect(page.getByTestId('flow-cluster')).toHaveCount(6);
  await page.getByLabel(/Hide silent agents/).check();
  await expect(nodes).toHaveCount(6);

  expect(await allViolations(page)).toEqual([]);
});

/** The on-screen boxes of the visible edge labels and of the nodes. */
const screenBoxes = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const labels = [...document.querySelectorAll('[data-testid="flow-edge-label"]')]
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map(box);
    const hidden = document.querySelectorAll('[data-testid="flow-edge-label"]').length - labels.length;
    return { labels, hidden, nodes: [...document.querySelectorAll('[data-testid="flow-node"]')].map(box) };
  });

type Box = { x: number; y: number; width: number; height: number };
// A pixel of slack: the halo of a label may touch its neighbour's.
const overlap = (a: Box, b: Box) =>
  a.x + 1 < b.x + b.width && b.x + 1 < a.x + a.width && a.y + 1 < b.y + b.height && b.y + 1 < a.y + a.height;

test('60 agents talking in pairs, 20 silent: clusters in rows, readable when fitted, labels clear of each other and of the nodes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // On top of the first test's 6 talkers: neighbours within each team, pairs across teams, replies.
  for (const [i, team] of TEAMS.entries()) {
    const next = TEAMS[(i + 1) % TEAMS.length]!;
    const [request] = await send(`${team}-6`, `${team}-7`, 'request', 1 + (i % 3));
    await send(`${team}-7`, `${team}-6`, 'reply', 1, request);
    await send(`${team}-8`, `${next}-9`, i % 2 ? 'instruction' : 'request', 1 + (i % 4));
    await send(`${team}-1`, `${TEAMS[(i + 5) % TEAMS.length]}-10`, 'notification', 2);
  }
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  const nodes = page.getByTestId('flow-node');
  await expect(nodes).toHaveCount(40);
  await expect(page.getByText('Hide silent agents (20 hidden)')).toBeVisible();
  await page.waitForTimeout(300);

  // The six clusters sit in more than one row, and at fit a node is drawn at a readable size.
  const clusterTops = await page
    .getByTestId('flow-cluster')
    .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().y)));
  expect(clusterTops).toHaveLength(6);
  expect(new Set(clusterTops).size).toBeGreaterThan(1);
  const { labels, hidden, nodes: nodeBoxes } = await screenBoxes(page);
  expect(Math.min(...nodeBoxes.map((b) => b.height))).toBeGreaterThanOrEqual(28);
  // No two shown labels overlap, none lies on a node; most edges show theirs.
  expect(labels.length).toBeGreaterThan(hidden);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) expect(overlap(a, b), JSON.stringify([a, b])).toBe(false);
    for (const n of nodeBoxes) expect(overlap(a, n), JSON.stringify([a, n])).toBe(false);
  }
  await page.screenshot({ path: screenshotPath('flow-60-agents.png') });

  // A label with no free place is not drawn until its edge is focused or one of its nodes is hovered:
  // ops-6 and ops-7 sit side by side, and "12 ?2" (9 notifications more; new bodies, so none is taken
  // for a duplicate) is wider than the 36 px gap between them.
  await send('ops-6', 'ops-7', 'notification', 9);
  const crowded = page.locator('.react-flow__edge', {
    has: page.locator('[data-testid="flow-edge"][data-from="ops-6"][data-to="ops-7"][data-count="12"]'),
  });
  const crowdedLabel = crowded.getByTestId('flow-edge-label');
  await expect(crowdedLabel).toBeHidden();
  await crowded.focus();
  await expect(crowdedLabel).toBeVisible();
  await crowded.blur();
  await expect(crowdedLabel).toBeHidden();
  const from = await crowded.getByTestId('flow-edge').getAttribute('data-from');
  await page.locator(`[data-testid="flow-node"][data-agent="${from}"]`).hover();
  await expect(crowdedLabel).toBeVisible();
  await page.mouse.move(5, 5);
  await expect(crowdedLabel).toBeHidden();

  // One more pair: nothing moves, no cluster either.
  const [before, clustersBefore] = [await positions(page), await placesOf(page, 'cluster')];
  await send('qa-2', 'ops-4', 'request', 1);
  await expect(nodes).toHaveCount(42);
  const after = await positions(page);
  for (const [name, place] of Object.entries(before)) expect(after[name], name).toBe(place);
  expect(await placesOf(page, 'cluster')).toEqual(clustersBefore);

  expect(await allViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  expect(await allViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('flow-60-agents-dark.png') });
});

/** Each shown node name's and edge count's size on screen (px): its font size in the graph times the zoom. */
const shownTextSizes = (page: Page) =>
  page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const sizes = (selector: string) =>
      [...document.querySelectorAll(selector)]
        .filter((el) => getComputedStyle(el).display !== 'none')
        .map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom);
    return { zoom, names: sizes('.flow-node-label'), counts: sizes('.flow-edge-count') };
  });

// Session 26: with all 60 agents shown at 1280×800 the fitted graph drew names ~6 px high, edge counts ~5 px.
test('60 agents at 1280×800, all shown: names at least 10 px on screen, tiny edge counts left to hover', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  await page.getByLabel(/Hide silent agents/).uncheck();
  await expect(page.getByTestId('flow-node')).toHaveCount(60);
  await page.waitForTimeout(500);
  const fitted = await shownTextSizes(page);
  expect(fitted.zoom).toBeLessThan(0.77); // fitted, the graph's own 13 px would be under 10 px
  expect(fitted.names).toHaveLength(60);
  expect(Math.min(...fitted.names)).toBeGreaterThanOrEqual(9.9);
  for (const size of fitted.counts) expect(size).toBeGreaterThanOrEqual(6.5);
  await page.screenshot({ path: screenshotPath('flow-60-all-1280.png') });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.screenshot({ path: screenshotPath('flow-60-all-1280-dark.png') });

  // Far out, a name would not fit its box at a readable size: the nodes keep their icons, names are in tooltips.
  const zoomOut = page.getByRole('button', { name: 'Zoom Out' });
  for (let i = 0; i < 8; i++) await zoomOut.click();
  await expect.poll(async () => (await shownTextSizes(page)).zoom).toBeLessThan(0.3);
  await expect.poll(async () => (await shownTextSizes(page)).names).toEqual([]);
  await expect(page.locator('[data-testid="flow-node"][data-agent="api-1"]')).toHaveAttribute(
    'title',
    'api-1',
  );
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
});
