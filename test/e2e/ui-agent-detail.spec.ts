import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  // The embedded iTerm2-API server: every agent is a real shell in a pty with a real screen.
  await api.call('team.create', { name: 'platform' });
  await api.call('team.create', { name: 'web' });
  for (const [name, team, role] of [
    ['dev-1', 'web', 'builder'],
    ['dev-2', 'web', 'builder'],
    ['lead', 'platform', 'orchestrator'],
    ['qa', 'web', 'tester'],
  ] as const) {
    await api.call('agent.spawn', { name, team, kind: 'shell', role });
  }
});

/** The rows xterm.js has rendered into the page (its DOM renderer: one element per row, spaces as NBSP). */
const mirrorText = (page: Page) =>
  page
    .locator('[data-testid="mirror"] .xterm-rows')
    .evaluate((rows) =>
      [...rows.children].map((row) => (row.textContent ?? '').replaceAll('\u00a0', ' ').trimEnd()).join('\n'),
    );

async function openDetail(page: Page, agent: string) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.locator(`[data-agent="${agent}"]`).click();
  await page.getByRole('button', { name: 'Open details' }).click();
  await expect(page.getByRole('heading', { name: agent, level: 2 })).toBeVisible();
  await expect(page.getByTestId('mirror-status')).toHaveText('Live');
}

async function screenOf(agent: string): Promise<string> {
  const { screens } = await api.call('pane.read', { targets: [agent], lines: 200 });
  return screens[0]!.lines.join('\n');
}

test("a real shell's output appears in the mirror live, and keys typed into the mirror reach the shell", async ({
  page,
}) => {
  await openDetail(page, 'dev-1');
  // The shell computes the marker, so the typed command line never contains it: only output does.
  await api.call('pane.send', { targets: ['dev-1'], text: 'echo printed-$((6*7))' });
  await expect.poll(() => screenOf('dev-1')).toContain('printed-42');
  const printedAt = Date.now();
  // Live: pushed to the open view, no reload. How fast is a speed claim, measured where the project measures those:
  // `npm run bench mirror-latency` (the same path, pty → xterm.js's rows in Chromium, p50 and p99 against the raw
  // event, docs/agent-detail.md). A 1 s deadline here timed the loaded test machine instead: it missed at 1,031 ms at
  // load 22 (session 16), while the bench's p99 is tens of ms. What this run took is kept in the report.
  await expect.poll(() => mirrorText(page)).toContain('printed-42');
  test.info().annotations.push({ type: 'mirror-ms', description: String(Date.now() - printedAt) });

  await page.getByTestId('mirror').click();
  await page.keyboard.type('echo typed-$((20+3))');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenOf('dev-1')).toContain('typed-23');
  await expect.poll(() => mirrorText(page)).toContain('typed-23');

  // Keyboard only: Tab into the terminal, type, Shift+Tab back out (no keyboard trap).
  await page.getByRole('button', { name: 'Focus in iTerm2' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: "Type into dev-1's pane" })).toBeFocused();
  await page.keyboard.type('echo keyboard-$((5*5))');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenOf('dev-1')).toContain('keyboard-25');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Focus in iTerm2' })).toBeFocused();

  // Screen reader mode: xterm.js keeps the rows as accessible text.
  await page.getByRole('checkbox', { name: 'Screen reader mode' }).check();
  await expect(page.locator('[data-testid="mirror"] .xterm-accessibility-tree')).toContainText('keyboard-25');
});

test("two windows on two agents: each window's WebSocket carries only its own pane's screens", async ({
  browser,
}) => {
  const snapshot = await api.call('fleet.snapshot', {});
  const paneOf = (name: string) => snapshot.agents.find((a) => a.name === name)!.paneId!;
  const windows = await Promise.all(
    ['qa', 'lead'].map(async (agent) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const screens: string[] = [];
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          const text = String(payload);
          if (text.includes('"pane.screen"'))
            screens.push((JSON.parse(text) as { event: { paneId: string } }).event.paneId);
        }),
      );
      await openDetail(page, agent);
      return { agent, context, screens };
    }),
  );
  await api.call('pane.send', { targets: ['qa', 'lead'], text: 'echo both-$((2+2))' });
  for (const { agent, screens } of windows) {
    await expect.poll(() => screens.filter((paneId) => paneId === paneOf(agent)).length).toBeGreaterThan(1);
    expect(new Set(screens)).toEqual(new Set([paneOf(agent)]));
  }
  await Promise.all(windows.map((w) => w.context.close()));
});

test('send a message, see it in the inbox; locks, focus and quick keys; leaving the view stops the mirror', async ({
  page,
}) => {
  const { token } = await api.call('agent.issueToken', { agent: 'dev-2' });
  const dev2 = await HostApi.connect(host, token);
  await dev2.call('lock.acquire', { resource: { kind: 'file', name: 'src/api/**' }, reason: 'refactor' });
  await dev2.call('message.send', {
    to: { agent: 'lead' },
    body: 'API refactor started',
    kind: 'notification',
  });

  await openDetail(page, 'dev-2');
  await expect(page.getByRole('region', { name: /Locks held/ })).toContainText('src/api/**');
  await expect(page.getByRole('region', { name: /Outbox/ })).toContainText('API refactor started');

  await page.getByRole('textbox', { name: 'Message to dev-2' }).fill('Please add tests for the refactor');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('region', { name: /Inbox/ })).toContainText(
    'Please add tests for the refactor',
  );
  const { messages } = await dev2.call('message.receive', { agent: 'dev-2' });
  expect(messages.map((m) => m.body)).toContain('Please add tests for the refactor');
  dev2.close();

  await page.getByRole('button', { name: 'Focus in iTerm2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in front' })).toBeVisible();
  await page.getByRole('button', { name: 'Press Ctrl+C in the pane' }).click();
  await expect(page.getByTestId('recovery-log')).toContainText('breaker closed');

  // Leaving the view gives the subscription back: a new viewer is the only one.
  const paneId = (await api.call('fleet.snapshot', {})).agents.find((a) => a.name === 'dev-2')!.paneId!;
  await page.getByRole('button', { name: 'Org chart' }).click();
  await expect
    .poll(async () => {
      const answer = await api.call('pane.mirror', { target: paneId });
      await api.call('pane.unmirror', { paneId });
      return answer.viewers;
    })
    .toBe(1);
});

test('the agent detail view on a populated fleet: screenshot and no serious accessibility violations', async ({
  page,
}) => {
  const tokens = await Promise.all(
    ['lead', 'qa', 'dev-1'].map((agent) => api.call('agent.issueToken', { agent })),
  );
  const [lead, qa, dev1] = await Promise.all(tokens.map((t) => HostApi.connect(host, t.token)));
  await lead!.call('message.send', {
    to: { agent: 'dev-1' },
    body: 'Implement the /health endpoint',
    kind: 'instruction',
  });
  await qa!.call('message.send', {
    to: { agent: 'dev-1' },
    body: 'Found a flaky test in api.spec.ts',
    kind: 'notification',
  });
  await dev1!.call('lock.acquire', {
    resource: { kind: 'file', name: 'src/health/**' },
    reason: '/health endpoint',
  });
  await dev1!.call('message.send', {
    to: { agent: 'lead' },
    body: 'On it: /health lands after the flaky test is fixed',
    kind: 'notification',
  });
  for (const client of [lead, qa, dev1]) client!.close();
  await api.call('health.pause', { agent: 'dev-1', reason: 'deploy window: no automatic restarts' });
  // Output only the shell computes (the typed line shows `$((6*7))`), short enough not to wrap in a narrow pane.
  await api.call('pane.send', { targets: ['dev-1'], text: 'echo "$((6*7)) tests passed, 0 failed"' });

  await page.setViewportSize({ width: 1280, height: 1000 });
  await openDetail(page, 'dev-1');
  await expect(page.getByRole('region', { name: /Inbox/ })).toContainText('Implement the /health endpoint');
  await expect(page.getByRole('region', { name: /Locks held/ })).toContainText('src/health/**');
  await expect(page.getByTestId('recovery-log')).toContainText('deploy window');
  await expect.poll(() => mirrorText(page)).toContain('42 tests passed, 0 failed');
  await page.screenshot({ path: screenshotPath('agent-detail.png') });
  expect(await seriousViolations(page)).toEqual([]);
});
