import type { Page } from '@playwright/test';
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
test.beforeAll(async () => {
  // The embedded iTerm2-API server: every agent is a real shell in a real pane.
});
test.afterAll(async () => {
  agents.close();
});

/** The agent's own MCP link (its token): what it calls is checked as that agent's. */
const as = (agent: string) => agents.as(agent);

const step = (page: Page, id: string) => page.locator(`[data-testid="plan-step"][data-step="${id}"]`);

test('a plan created through the API shows as a live DAG; steering buttons, step messages, managers, keyboard, axe', async ({
  page,
}) => {
  await api.call('team.create', { name: 'crew' });
  for (const [name, role] of [
    ['builder', 'builder'],
    ['tester', 'tester'],
    ['linter', 'tester'],
    ['writer', 'researcher'],
  ] as const) {
    await api.call('agent.spawn', { name, team: 'crew', kind: 'shell', role });
  }
  await api.call('manager.create', {
    name: 'qa',
    strategy: 'least_busy',
    workers: [{ agent: 'linter' }, { agent: 'tester', priority: 10 }],
  });

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  await expect(page.getByText('Plans appear here as soon as one is created.')).toBeVisible();
  await expect(
    page.locator('[data-testid="manager"][data-manager="qa"] [data-testid="manager-worker"]'),
  ).toHaveCount(2);

  const plan = await api.call('plan.create', {
    name: 'release',
    steps: [
      { id: 'build', task: 'Build the app', assignee: { agent: 'builder' } },
      {
        id: 'test',
        task: 'Run the tests; answer PASS when green',
        assignee: { agent: 'tester' },
        dependsOn: ['build'],
        retries: 1,
        validation: { regex: '^PASS', flags: 'm' },
      },
      { id: 'lint', task: 'Lint the code', assignee: { manager: 'qa' }, dependsOn: ['build'] },
      {
        id: 'report',
        task: 'Write the release notes',
        assignee: { agent: 'writer' },
        dependsOn: ['test', 'lint'],
      },
    ],
  });
  // Live: the plan appears without a reload, its DAG laid out left to right (build before test/lint before report).
  await expect(page.locator('[data-testid="plan-row"][data-plan="release"]')).toHaveAttribute(
    'data-state',
    'running',
  );
  await expect(step(page, 'build')).toHaveAttribute('data-state', 'running');
  await expect(step(page, 'report')).toHaveAttribute('data-state', 'waiting');
  const x = async (id: string) => (await step(page, id).boundingBox())!.x;
  expect(await x('build')).toBeLessThan(await x('test'));
  expect(await x('lint')).toBeLessThan(await x('report'));
  await expect(step(page, 'build')).toContainText('builder');
  // One edge per dependency: build → test, build → lint, test → report, lint → report.
  await expect(page.locator('[data-testid="plan-graph"] .react-flow__edge')).toHaveCount(4);
  // A dependency not met yet is dashed and stands still, with or without "reduce motion": React Flow's marching
  // dashes repainted every frame for as long as a plan was shown (~30 % of a core).
  const waitingEdge = page
    .locator('[data-testid="plan-graph"] .react-flow__edge.plan-edge-waiting path')
    .first();
  const look = () =>
    waitingEdge.evaluate((path) => {
      const style = getComputedStyle(path);
      return { animation: style.animationName, dashes: style.strokeDasharray };
    });
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    await page.emulateMedia({ reducedMotion });
    expect(await look()).toEqual({ animation: 'none', dashes: '5px' });
  }

  await (
    await as('builder')
  ).call('plan.completeStep', { plan: plan.id, step: 'build', output: 'built 3 packages' });
  await expect(step(page, 'build')).toHaveAttribute('data-state', 'completed');
  await expect(step(page, 'test')).toHaveAttribute('data-state', 'running');
  await expect(step(page, 'lint')).toHaveAttribute('data-state', 'running');
  // The manager's least_busy pool picked the linter (the tester is busy with `test`), and the panel says so.
  await expect(step(page, 'lint')).toContainText('linter');
  await expect(page.locator('[data-testid="manager-worker"][data-worker="linter"]')).toHaveAttribute(
    'data-busy',
    '1',
  );

  // Output that misses the validation regex: the attempt fails and the retry starts, live.
  const missed = await (
    await as('tester')
  ).call('plan.completeStep', { plan: plan.id, step: 'test', output: 'FAIL: 2 tests' });
  expect(missed.accepted).toBe(false);
  await expect(step(page, 'test')).toHaveAttribute('data-attempt', '2');
  await expect(step(page, 'test')).toContainText('attempt 2 · 1 retry');

  // Click a step: its details and both attempts' instructions; the assignee's agent detail is one click away.
  await step(page, 'test').getByRole('button').click();
  const panel = page.getByTestId('step-panel');
  await expect(panel).toHaveAttribute('data-step', 'test');
  await expect(panel.getByTestId('step-message')).toHaveCount(2);
  await expect(panel).toContainText('attempt 2 · 1 retry');
  await expect(panel.getByTestId('step-message').first()).toContainText('attempt 2');
  // The failure history stays while attempt 2 runs (the current reason was cleared when it started).
  await expect(panel.getByTestId('step-failure')).toHaveCount(1);
  await expect(panel.getByTestId('step-failure')).toHaveAttribute('data-failure', 'validation');
  await expect(panel.getByTestId('step-failure')).toContainText('attempt 1 · validation');
  await expect(panel.getByTestId('step-failure')).toContainText('output does not match /^PASS/');

  // Pause and resume from the toolbar.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('plan-state')).toHaveText('paused');
  expect((await api.call('plan.get', { plan: plan.id })).state).toBe('paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('plan-state')).toHaveText('running');

  // The tester gives up: the step fails for good, the report is skipped, the plan fails; Retry step brings it back.
  await (
    await as('tester')
  ).call('plan.failStep', { plan: plan.id, step: 'test', reason: 'the database is down' });
  await (await as('linter')).call('plan.completeStep', { plan: plan.id, step: 'lint', output: 'clean' });
  await expect(step(page, 'test')).toHaveAttribute('data-state', 'failed');
  await expect(step(page, 'report')).toHaveAttribute('data-state', 'skipped');
  await expect(page.getByTestId('plan-state')).toHaveText('failed');
  await panel.getByRole('button', { name: 'Retry step' }).click();
  await expect(step(page, 'test')).toHaveAttribute('data-state', 'running');
  await expect(step(page, 'report')).toHaveAttribute('data-state', 'waiting');
  await expect(page.getByTestId('plan-state')).toHaveText('running');

  // Reassign from the panel: the running attempt goes to the linter instead.
  await panel.getByRole('combobox', { name: 'Reassign to' }).selectOption({ label: 'linter' });
  await panel.getByRole('button', { name: 'Reassign' }).click();
  await expect(step(page, 'test')).toContainText('linter');
  const linterId = (await api.call('agent.list', {})).agents.find((a) => a.name === 'linter')!.id;
  expect((await api.call('plan.get', { plan: plan.id })).steps.find((s) => s.id === 'test')!.assigneeId).toBe(
    linterId,
  );
  await (
    await as('linter')
  ).call('plan.completeStep', { plan: plan.id, step: 'test', output: 'PASS 120 tests' });
  await expect(step(page, 'report')).toHaveAttribute('data-state', 'running');

  // Keyboard: every step is a button in the tab order; Enter opens it.
  await step(page, 'report').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('data-step', 'report');
  await expect(panel.getByTestId('step-message')).toHaveCount(1);
  await expect(page.locator('[data-testid="plan-graph"] .react-flow__edge.plan-edge-done')).toHaveCount(4);
  await page.screenshot({ path: screenshotPath('plans.png') });
  expect(await seriousViolations(page)).toEqual([]);

  await (
    await as('writer')
  ).call('plan.completeStep', { plan: plan.id, step: 'report', output: 'notes written' });
  await expect(page.getByTestId('plan-state')).toHaveText('completed');
  await expect(page.locator('[data-testid="plan-row"][data-plan="release"]')).toHaveAttribute(
    'data-state',
    'completed',
  );
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');

  // Barriers, votes and leaders, live: the human sets them up, the agents take part over MCP.
  const coordination = page.getByTestId('coordination-panel');
  const barrier = await api.call('barrier.create', {
    name: 'release-ready',
    parties: { agents: ['tester', 'linter'] },
    timeoutSeconds: 600,
  });
  await expect(coordination.locator('[data-testid="barrier"][data-name="release-ready"]')).toContainText(
    '0 of 2 arrived',
  );
  await (await as('tester')).call('barrier.arrive', { barrier: barrier.id });
  await expect(coordination.locator('[data-testid="barrier"][data-name="release-ready"]')).toContainText(
    '1 of 2 arrived',
  );
  await (await as('linter')).call('barrier.arrive', { barrier: barrier.id });
  await expect(coordination.locator('[data-testid="barrier"][data-name="release-ready"]')).toHaveAttribute(
    'data-state',
    'released',
  );
  const vote = await api.call('vote.propose', {
    question: 'Tag v2?',
    options: ['yes', 'no'],
    voters: { agents: ['tester', 'linter'] },
  });
  await (await as('tester')).call('vote.cast', { vote: vote.id, option: 'yes' });
  await (await as('linter')).call('vote.cast', { vote: vote.id, option: 'yes' });
  await expect(coordination.getByTestId('vote')).toContainText('decided: yes');
  await (await as('builder')).call('leader.campaign', { group: 'deployers', ttlSeconds: 60 });
  await expect(coordination.locator('[data-testid="leader-group"][data-group="deployers"]')).toHaveAttribute(
    'data-leader',
    'builder',
  );
  // The edges stay drawn while the steps' times tick (node objects are kept between renders).
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-testid="plan-graph"] .react-flow__edge.plan-edge-done')).toHaveCount(4);
  await page.screenshot({ path: screenshotPath('plans-completed.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // From the panel to the assignee's agent detail (its pane mirror and messages).
  await panel.getByRole('button', { name: /Open writer/ }).click();
  await expect(page.locator('#agent-detail-heading')).toHaveText('writer');
});
