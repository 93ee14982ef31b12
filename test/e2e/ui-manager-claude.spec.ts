import { existsSync } from 'node:fs';
import { expect, specHost, test } from './host-fixture';
import { screenshotPath } from './screenshots';
import { claudeSandbox, CLAUDE_BIN } from '../../packages/host/test/health/support/claude-env';
import { startScriptedModel, type ModelRequest, type ModelTurn } from '../support/scripted-model';

// Issue 24's end-to-end proof with real agents: three real Claude Code CLIs (against the scripted local model) in
// panes of the embedded iTerm2-API server. The manager creates a plan through its MCP tools; the workers get
// their instructions typed into their panes (or as an inbox line they answer with message_receive) and report
// each step with plan_completeStep; one report misses the step's validation and the step is retried.

const KEYS = {
  lead: 'sk-ant-scripted-lead-0123456789abcdefgh',
  builder: 'sk-ant-scripted-builder-0123456789abcd',
  tester: 'sk-ant-scripted-tester-0123456789abcde',
} as const;
type Name = keyof typeof KEYS;
const nameOf = (apiKey: string) => (Object.keys(KEYS) as Name[]).find((n) => KEYS[n] === apiKey);

/** The plan the manager's model creates: build → test ∥ lint → report. */
const PLAN = {
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
    { id: 'lint', task: 'Lint the code', assignee: { agent: 'builder' }, dependsOn: ['build'] },
    {
      id: 'report',
      task: 'Write the release notes',
      assignee: { agent: 'tester' },
      dependsOn: ['test', 'lint'],
    },
  ],
};

/** What a worker reports for a step: the first test run fails its validation (no PASS), every other one passes. */
const outputFor = (step: string, attempt: number) =>
  step === 'test' ? (attempt === 1 ? 'FAIL: 2 tests' : 'PASS 12 tests') : `${step} done`;

interface Instruction {
  key: string;
  plan: string;
  step: string;
  attempt: number;
}

/** Every step instruction in a text: typed into the pane (newlines as ⏎) or inside a message_receive result (JSON). */
function instructionsIn(text: string): Instruction[] {
  const plain = text.replaceAll('\\"', '"');
  const found: Instruction[] = [];
  const pattern =
    /\[plan "[^"]*" · step "([\w-]+)" · attempt (\d+) of \d+\][\s\S]*?call plan_completeStep with plan "([^"]+)", step "\1"/g;
  for (const m of plain.matchAll(pattern)) {
    const [, step, attempt, plan] = m as unknown as [string, string, string, string];
    found.push({ key: `${plan}:${step}:${attempt}`, plan, step, attempt: Number(attempt) });
  }
  return found;
}

/** Per worker, the instructions it has seen (in order) and the ones it has reported. */
const seen = new Map<Name, Instruction[]>();
const reported = new Set<string>();
let planAsked = false;

function script(request: ModelRequest): ModelTurn {
  const me = nameOf(request.apiKey);
  if (!request.main || !me) return { kind: 'text', text: 'ok' };
  const lastTyped = request.userTexts.at(-1) ?? '';
  if (me === 'lead') {
    if (request.toolResults.length > 0) return { kind: 'text', text: 'The release plan is running.' };
    if (!planAsked && lastTyped.includes('Plan the release')) {
      planAsked = true;
      return { kind: 'tool_use', name: 'mcp__switchboard__plan_create', input: PLAN };
    }
    return { kind: 'text', text: 'ok' };
  }
  const sources = request.toolResults.length > 0 ? request.toolResults : [lastTyped];
  const mine = seen.get(me) ?? [];
  seen.set(me, mine);
  for (const instruction of sources.flatMap(instructionsIn))
    if (!mine.some((i) => i.key === instruction.key)) mine.push(instruction);
  const next = mine.find((i) => !reported.has(i.key));
  if (next) {
    reported.add(next.key);
    return {
      kind: 'tool_use',
      name: 'mcp__switchboard__plan_completeStep',
      input: { plan: next.plan, step: next.step, output: outputFor(next.step, next.attempt) },
    };
  }
  if (request.toolResults.length === 0 && /messages? waits? in your inbox/.test(lastTyped))
    return { kind: 'tool_use', name: 'mcp__switchboard__message_receive', input: { wait: 0 } };
  return { kind: 'text', text: 'done' };
}

/** Typed by Switchboard as each agent's task at spawn: once it has Switchboard's tools, which the test checks. */
const FIRST_TASK = 'Wait for the release plan.';

const { host, api } = specHost('--backend', 'sim');
test.use({ viewport: { width: 1440, height: 900 } });

let model: Awaited<ReturnType<typeof startScriptedModel>> | undefined;
test.afterAll(async () => {
  await model?.close();
});

test.skip(!existsSync(CLAUDE_BIN), 'the Claude Code CLI is not installed (npm ci installs it)');

test('a manager agent (real Claude Code) plans build → test ∥ lint → report over MCP; worker agents report each step, a missed validation is retried, and the plan view shows the run', async ({
  page,
}) => {
  test.setTimeout(600_000);
  model = await startScriptedModel(script);
  await api.call('team.create', { name: 'release-crew' });
  for (const [name, role] of [
    ['lead', 'manager'],
    ['builder', 'builder'],
    ['tester', 'tester'],
  ] as const) {
    const sandbox = claudeSandbox({
      modelUrl: model.url,
      apiKey: KEYS[name],
      env: { ENABLE_TOOL_SEARCH: 'false' },
      args: ['--permission-mode', 'default', '--allowedTools', 'mcp__switchboard'],
    });
    // Each gets a first task: Switchboard types it once the CLI is at its prompt AND its MCP client has listed
    // Switchboard's tools. Claude Code draws its prompt before its MCP servers connect, and a turn typed at the
    // first prompt went to the model without them (a manager that cannot plan_create, a worker that cannot report).
    await api.call('agent.spawn', {
      name,
      team: 'release-crew',
      kind: 'claude',
      role,
      cwd: sandbox.cwd,
      command: sandbox.command,
      task: FIRST_TASK,
    });
  }
  const screenOf = async (name: Name) =>
    (await api.call('pane.read', { targets: [name], lines: 200, scrollback: true })).screens[0]!.lines.join(
      '\n',
    );
  for (const name of Object.keys(KEYS) as Name[]) {
    const firstTurn = () =>
      model!.requests.find(
        (r) => r.apiKey === KEYS[name] && r.main && r.userTexts.some((text) => text.includes(FIRST_TASK)),
      );
    await expect
      .poll(() => firstTurn() !== undefined, {
        timeout: 180_000,
        message: `${name}'s first task to reach the model`,
      })
      .toBe(true);
    const switchboardTools = firstTurn()!.tools.filter((tool) => tool.startsWith('mcp__switchboard__'));
    expect(switchboardTools, `${name}'s first task was typed before it had Switchboard's tools`).not.toEqual(
      [],
    );
  }

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Plans', exact: true }).click();

  const typed = await api.call('pane.send', {
    targets: ['lead'],
    text: 'Plan the release: build, then test and lint, then the report.',
  });
  expect(typed.results[0]).toMatchObject({ submitted: true });

  // The plan exists because the manager's Claude Code called plan_create, as the manager.
  const leadId = (await api.call('agent.list', {})).agents.find((a) => a.name === 'lead')!.id;
  let planId = '';
  await expect
    .poll(
      async () =>
        (planId = (await api.call('plan.list', {})).plans.find((p) => p.name === 'release')?.id ?? ''),
      { timeout: 120_000, message: 'the manager to create the plan' },
    )
    .not.toBe('');
  const plan = { id: planId };
  const created = await api.call('plan.get', { plan: plan.id });
  expect(created.createdBy).toBe(leadId);

  // The workers run it to the end, in panes, through their own MCP connections.
  const completed = await expect
    .poll(async () => (await api.call('plan.get', { plan: plan.id })).state, {
      timeout: Number(process.env['PLAN_WAIT_MS'] ?? 420_000),
      intervals: [1_000],
    })
    .toBe('completed')
    .then(() => true)
    .catch(() => false);
  if (!completed) {
    // What each side saw, so a failure says where the run stopped.
    const now = await api.call('plan.get', { plan: plan.id });
    const lines = now.steps.map((s) => `${s.id}: ${s.state} attempt ${s.attempt}`);
    for (const name of ['builder', 'tester'] as const) {
      const asked = model.requests.filter((r) => r.apiKey === KEYS[name] && r.main).slice(-4);
      lines.push(`${name} asked: ${asked.map((r) => r.lastUser).join('\n  ')}`);
      lines.push(
        `${name} inbox: ${JSON.stringify((await api.call('message.status', { agent: name })).inboxes)}`,
      );
      const health = (await api.call('agent.list', {})).agents.find((a) => a.name === name);
      lines.push(`${name} agent: ${JSON.stringify(health)}`);
      lines.push(`${name} screen:\n${(await screenOf(name)).split('\n').slice(-25).join('\n')}`);
    }
    throw new Error(`the plan did not complete:\n${lines.join('\n')}`);
  }
  const done = await api.call('plan.get', { plan: plan.id });
  const agentIds = Object.fromEntries((await api.call('agent.list', {})).agents.map((a) => [a.name, a.id]));
  for (const s of done.steps) expect(s.state, s.id).toBe('completed');
  expect(done.steps.find((s) => s.id === 'build')!.assigneeId).toBe(agentIds['builder']);
  expect(done.steps.find((s) => s.id === 'report')!.assigneeId).toBe(agentIds['tester']);

  // The tester's first report missed /^PASS/: Switchboard answered accepted:false and sent attempt 2.
  const testerResults = model.requests
    .filter((r) => r.apiKey === KEYS.tester)
    .flatMap((r) => r.toolResults)
    .join('\n');
  expect(testerResults).toMatch(/"accepted":\s*false/);
  expect([...reported].filter((k) => k.endsWith(':test:1') || k.endsWith(':test:2'))).toHaveLength(2);

  // The UI's plan view shows the whole run, live (no reload): every step completed, the retry on `test`.
  const step = (id: string) => page.locator(`[data-testid="plan-step"][data-step="${id}"]`);
  await expect(page.locator('[data-testid="plan-row"][data-plan="release"]')).toHaveAttribute(
    'data-state',
    'completed',
  );
  for (const id of ['build', 'test', 'lint', 'report'])
    await expect(step(id)).toHaveAttribute('data-state', 'completed');
  await expect(step('test')).toHaveAttribute('data-attempt', '2');
  await expect(step('test')).toContainText('tester');
  await step('test').getByRole('button').click();
  const panel = page.getByTestId('step-panel');
  await expect(panel.getByTestId('step-failure')).toHaveAttribute('data-failure', 'validation');
  await page.screenshot({ path: screenshotPath('plans-claude-manager.png') });
});
