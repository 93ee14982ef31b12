import { expect, specHost, test } from './host-fixture';
import { AgentLinks } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 } });

const { host, api } = specHost('--backend', 'sim');

const agents = new AgentLinks(
  () => host,
  () => api,
);
test.beforeAll(async () => {});
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
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await flow('echo').getByRole('button', { name: 'Enable' }).click();
  await expect(flow('echo')).toHaveAttribute('data-enabled', 'true');
});

test('the flow editor: start from an example, refusals shown while typing, create, edit, delete after asking; axe', async ({
  page,
}) => {
  await api.call('agent.spawn', { name: 'lead', kind: 'shell', role: 'builder' });
  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  const panel = page.getByTestId('flows-panel');
  const flow = (name: string) => panel.locator(`[data-testid="flow"][data-flow="${name}"]`);

  await panel.getByRole('button', { name: 'New flow…' }).click();
  const editor = panel.getByRole('form', { name: 'New flow' });
  await editor
    .getByRole('combobox', { name: 'Start from' })
    .selectOption({ label: 'Forward urgent requests to a lead' });
  const text = editor.getByRole('textbox', { name: /Definition/ });
  await expect(text).toHaveValue(/"forward-urgent-requests"/);
  await expect(editor.getByTestId('flow-draft-ok')).toContainText('Valid: on message, 1 branch');

  // What the host would refuse is refused here first, with where: Create stays off.
  const draft = JSON.parse(await text.inputValue()) as { trigger: Record<string, unknown> };
  await text.fill(JSON.stringify({ ...draft, trigger: { on: 'moon_phase' } }, null, 2));
  await expect(editor.getByTestId('flow-draft-problems')).toContainText('trigger.on:');
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: screenshotPath('flow-editor.png') });
  await expect(editor.getByRole('button', { name: 'Create flow' })).toBeDisabled();
  expect(await seriousViolations(page)).toEqual([]);
  await text.fill(JSON.stringify({ ...draft, name: 'urgent-to-lead' }, null, 2));
  await editor.getByRole('button', { name: 'Create flow' }).click();
  await expect(flow('urgent-to-lead')).toContainText('on message request → send');
  const created = (await api.call('flow.list', {})).flows.find((f) => f.name === 'urgent-to-lead')!;
  expect(created.conditions).toEqual([{ field: 'priority', equals: 'urgent' }]);

  // It works: an urgent request fires it, and the lead gets the message.
  await api.call('message.send', { kind: 'request', priority: 'urgent', to: { agent: 'lead' }, body: 'now' });
  await expect(flow('urgent-to-lead').getByTestId('flow-firing')).toHaveCount(1);

  // Edit: the draft is the flow as written (no id, owner or firings); Ctrl+Enter saves; firings are kept.
  await flow('urgent-to-lead').getByRole('button', { name: 'Edit' }).click();
  const edit = flow('urgent-to-lead').getByRole('form', { name: 'Edit flow urgent-to-lead' });
  const editText = edit.getByRole('textbox', { name: /Definition/ });
  expect(await editText.inputValue()).not.toMatch(/"ownerId"|"lastFirings"|"id"/);
  const spec = JSON.parse(await editText.inputValue()) as Record<string, unknown>;
  await editText.fill(JSON.stringify({ ...spec, maxFiringsPerMinute: 2 }, null, 2));
  await editText.press('Control+Enter');
  await expect(edit).toHaveCount(0);
  const updated = (await api.call('flow.list', {})).flows.find((f) => f.name === 'urgent-to-lead')!;
  expect(updated.maxFiringsPerMinute).toBe(2);
  expect(updated.id).toBe(created.id);
  await expect(flow('urgent-to-lead').getByTestId('flow-firing')).toHaveCount(1);

  // Delete asks first; Cancel keeps it, Yes removes it.
  await flow('urgent-to-lead').getByRole('button', { name: 'Delete…' }).click();
  await flow('urgent-to-lead').getByRole('button', { name: 'Cancel' }).click();
  expect((await api.call('flow.list', {})).flows.some((f) => f.name === 'urgent-to-lead')).toBe(true);
  await flow('urgent-to-lead').getByRole('button', { name: 'Delete…' }).click();
  await flow('urgent-to-lead').getByRole('button', { name: 'Yes, delete' }).click();
  await expect(flow('urgent-to-lead')).toHaveCount(0);
  expect((await api.call('flow.list', {})).flows.some((f) => f.name === 'urgent-to-lead')).toBe(false);
});
