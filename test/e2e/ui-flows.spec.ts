import { expect, sharedHost, test } from './host-fixture';
import type { HostProcess } from './host-process';
import type { HostApi } from './host-api';
import { AgentLinks } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });

test.use(sharedHost(import.meta.filename, '--backend', 'sim'));

let host: HostProcess;
let api: HostApi;
const agents = new AgentLinks(
  () => host,
  () => api,
);
test.beforeAll(async ({ host: started, api: human }) => {
  host = started;
  api = human;
});
test.afterAll(async () => {
  agents.close();
});

/** The agent's own MCP link (its token): what it calls is checked as that agent's. */
const as = (agent: string) => agents.as(agent);

test('flows in the Plans view: last firings live (fired, loop, a refused action), enable/disable, dry run; axe', async ({
  page,
}) => {
  for (const [name, role] of [
    ['asker', 'builder'],
    ['reviewer', 'builder'],
    ['boss', 'manager'],
  ] as const) {
    await api.call('agent.spawn', { name, kind: 'shell', role });
  }
  await api.call('flow.create', {
    name: 'review-requests',
    trigger: { on: 'message', kind: 'request', to: 'reviewer' },
    branches: [
      {
        name: 'urgent',
        when: [{ field: 'priority', equals: 'urgent' }],
        actions: [{ do: 'notify', level: 'warning', summary: 'urgent review for {{agentName}}' }],
      },
      { actions: [{ do: 'send', to: { agent: 'boss' }, body: 'reviewer got a request from {{agentName}}' }] },
    ],
  });
  // A flow reacting to its own action's kind of event: it runs once, the echo is recorded as a loop.
  await api.call('flow.create', {
    name: 'echo',
    trigger: { on: 'message', kind: 'notification', to: 'reviewer' },
    branches: [{ actions: [{ do: 'send', to: { agent: 'reviewer' }, body: 'echo of {{messageId}}' }] }],
  });
  // The manager's own flow, through MCP with its token: spawning is the human's, so that action is refused as it would be for the manager.
  await (
    await as('boss')
  ).call('flow.create', {
    name: 'boss-helpers',
    trigger: { on: 'message', to: 'boss' },
    branches: [{ actions: [{ do: 'spawn', template: 'helper' }] }],
  });

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  const panel = page.getByTestId('flows-panel');
  const flow = (name: string) => panel.locator(`[data-testid="flow"][data-flow="${name}"]`);
  await expect(flow('review-requests')).toContainText('on message request to reviewer → notify | send');
  await expect(flow('review-requests')).toContainText('Not fired yet.');

  await (
    await as('asker')
  ).call('message.send', { kind: 'request', to: { agent: 'reviewer' }, body: 'please review #12' });
  await expect(flow('review-requests').getByTestId('flow-firing')).toHaveCount(1);
  await expect(flow('review-requests').getByTestId('flow-firing').first()).toContainText('message.send ✓');
  // The flow's message to the manager fired the manager's flow, whose spawn was refused.
  await expect(flow('boss-helpers').getByTestId('flow-firing').first()).toContainText(
    'template.spawn ✗ forbidden',
  );

  await api.call('message.send', { kind: 'notification', to: { agent: 'reviewer' }, body: 'heads up' });
  await expect(flow('echo').getByTestId('flow-firing')).toHaveCount(2);
  await expect(flow('echo').locator('[data-testid="flow-firing"][data-outcome="loop"]')).toHaveCount(1);
  await expect(flow('echo').locator('[data-testid="flow-firing"][data-outcome="fired"]')).toHaveCount(1);

  // Dry run: the recorded request would fire it again; nothing is sent by asking.
  const before = (await api.call('flow.firings', { flow: 'review-requests' })).firings.length;
  await flow('review-requests').getByRole('button', { name: 'Dry run' }).click();
  await expect(flow('review-requests').getByTestId('flow-dry-run')).toContainText(
    /Dry run: 1 of \d+ recorded events would fire it/,
  );
  await expect(flow('review-requests').getByTestId('flow-dry-run-hit')).toContainText(
    'message.sent → message.send',
  );
  expect((await api.call('flow.firings', { flow: 'review-requests' })).firings).toHaveLength(before);

  // Disable from the panel: the host has it off, and a new request no longer fires it.
  await flow('echo').getByRole('button', { name: 'Disable' }).click();
  await expect(flow('echo')).toHaveAttribute('data-enabled', 'false');
  expect((await api.call('flow.list', {})).flows.find((f) => f.name === 'echo')!.enabled).toBe(false);
  await page.screenshot({ path: screenshotPath('flows.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.waitForTimeout(200);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await flow('echo').getByRole('button', { name: 'Enable' }).click();
  await expect(flow('echo')).toHaveAttribute('data-enabled', 'true');
});
