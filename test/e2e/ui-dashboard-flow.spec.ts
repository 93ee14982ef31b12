import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });

const { host, api } = specHost('--backend', 'sim');

const mcpClients: Client[] = [];
test.beforeAll(async () => {
  // The embedded iTerm2-API server: real shells, so a process really blocks on its input.
});
test.afterAll(async () => {
  for (const client of mcpClients) await client.close();
});

/** An MCP client (the real SDK, Streamable HTTP) holding the agent's own token: its calls are that agent's. */
async function mcpAs(agent: string): Promise<Client> {
  const { token } = await api.call('agent.issueToken', { agent });
  const client = new Client({ name: `e2e-${agent}`, version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  mcpClients.push(client);
  return client;
}

async function send(client: Client, kind: string, to: string, body: string) {
  const result = await client.callTool({
    name: 'message_send',
    arguments: { kind, to: { agent: to }, body },
  });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
}

const edge = (page: Page, from: string, to: string, channel: 'delegation' | 'chat') =>
  page.locator(`[data-testid="flow-edge"][data-from="${from}"][data-to="${to}"][data-channel="${channel}"]`);

test('messages sent by agents through MCP appear as edges with the right counts, live, and open on click', async ({
  page,
}) => {
  await api.call('team.create', { name: 'crew' });
  for (const name of ['lead', 'builder', 'tester'])
    await api.call('agent.spawn', { name, team: 'crew', kind: 'shell' });
  const lead = await mcpAs('lead');
  const builder = await mcpAs('builder');
  for (const n of [1, 2, 3]) await send(lead, 'instruction', 'builder', `build step ${n}`);
  for (const n of [1, 2]) await send(lead, 'request', 'tester', `run suite ${n}`);
  await send(builder, 'reply', 'lead', 'step 1 built');

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  await expect(edge(page, 'lead', 'builder', 'delegation')).toHaveAttribute('data-count', '3');
  await expect(edge(page, 'lead', 'tester', 'chat')).toHaveAttribute('data-count', '2');
  await expect(edge(page, 'builder', 'lead', 'chat')).toHaveAttribute('data-count', '1');
  await expect(edge(page, 'lead', 'builder', 'delegation')).toHaveClass(/flow-kind-instruction/);

  // Sent while the graph is open: the edge's count follows at once.
  await send(lead, 'request', 'tester', 'run suite 3');
  await expect(edge(page, 'lead', 'tester', 'chat')).toHaveAttribute('data-count', '3');
  // …and a dot runs along it.
  await expect(page.locator('.flow-pulse')).toHaveCount(1);
  await expect(page.getByTestId('flow-total')).toHaveText('7 messages on 3 links');

  // Clicking an edge reads the messages between the two agents.
  // Dispatched on the edge itself: a curve's box centre (where a mouse click lands) may lie on another edge.
  await edge(page, 'lead', 'tester', 'chat').locator('.react-flow__edge-interaction').dispatchEvent('click');
  const panel = page.getByTestId('edge-messages');
  await expect(panel.getByTestId('edge-message')).toHaveCount(3);
  await expect(panel.getByTestId('edge-message').first()).toContainText('run suite 3');
});

test('a process that blocks on input shows as waiting on the dashboard, and a toast offers "Go to pane"', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Health' }).click();
  await expect(page.getByTestId('health-table')).toBeVisible();
  await api.call('agent.spawn', {
    name: 'asker',
    kind: 'custom',
    team: 'crew',
    command: `bash -c 'read -p "Continue? [y/N] " answer; sleep 600'`,
  });
  const row = page.locator('tr[data-agent="asker"]');
  await expect(row).toHaveAttribute('data-state', 'waiting_for_input', { timeout: 20_000 });
  // The toast first: toasts leave after 10 s. The core's attention notification names the agent (a y/N
  // prompt is also read as a permission question since issue 11: "asker asks: Continue? [y/N]").
  const toast = page.getByTestId('toast').filter({ hasText: 'asker' });
  await expect(toast.getByRole('button', { name: 'Go to pane' })).toBeVisible();
  await expect(row).toContainText('waiting for input');
  await expect(row.locator('.last-line')).toContainText('Continue? [y/N]');
  await expect(page.getByTestId('counter-waiting').locator('.counter-value')).toHaveText('1');

  // One click to the pane: pane.focus succeeds (the audit records its outcome; a refusal would also show an error toast).
  await row.getByRole('button', { name: 'Focus pane: asker' }).click();
  const focusOutcomes = async () =>
    (await api.call('audit.list', { action: 'pane.focus' })).entries.map((e) => e.outcome);
  await expect.poll(focusOutcomes).toEqual(['ok']);
  await expect(page.getByTestId('toast').filter({ hasText: 'Could not focus' })).toHaveCount(0);
});

test('both views on a populated fleet: screenshots and no serious accessibility violations', async ({
  page,
}) => {
  await api.call('team.create', { name: 'research' });
  const more: [string, string, 'claude' | 'codex' | 'gemini' | 'shell'][] = [
    ['reviewer', 'crew', 'shell'],
    ['deployer', 'crew', 'shell'],
    ['scout', 'research', 'shell'],
    ['notes', 'research', 'shell'],
    ['planner', 'research', 'shell'],
  ];
  for (const [name, team, kind] of more) await api.call('agent.spawn', { name, team, kind });
  const plan: [string, string, string, number][] = [
    ['lead', 'reviewer', 'request', 4],
    ['reviewer', 'lead', 'reply', 3],
    ['lead', 'deployer', 'handoff', 1],
    ['deployer', 'lead', 'notification', 2],
    ['planner', 'scout', 'instruction', 5],
    ['scout', 'notes', 'event', 6],
    ['notes', 'planner', 'reply', 2],
    ['scout', 'planner', 'request', 3],
    ['tester', 'lead', 'reply', 2],
    ['planner', 'lead', 'notification', 1],
  ];
  const tokens = new Map<string, HostApi>();
  for (const [from, to, kind, count] of plan) {
    if (!tokens.has(from))
      tokens.set(
        from,
        await HostApi.connect(host, (await api.call('agent.issueToken', { agent: from })).token),
      );
    for (let n = 0; n < count; n++) {
      await tokens.get(from)!.call('message.send', {
        kind: kind as 'request',
        to: { agent: to },
        body: `${kind} ${n + 1} from ${from}`,
      });
    }
  }
  for (const client of tokens.values()) client.close();

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  await expect(edge(page, 'scout', 'notes', 'chat')).toHaveAttribute('data-count', '6');
  await page.waitForTimeout(500);
  // Every node label on screen stands apart from every other.
  const boxes = await page
    .locator('.flow-node-label')
    .evaluateAll((labels) =>
      labels.map((l) => l.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
    );
  expect(boxes.length).toBe(9);
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1))
      expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false);
  }
  await page.getByTestId('flow-link').first().click();
  await expect(page.getByTestId('edge-message').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('flow.png') });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Health' }).click();
  await expect(page.locator('tr.health-row')).toHaveCount(9);
  await page.waitForTimeout(800);
  await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // The dark palette passes too, on both views.
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Message flow', exact: true }).click();
  await expect(edge(page, 'scout', 'notes', 'chat')).toHaveAttribute('data-count', '6');
  await page.waitForTimeout(300);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
});
