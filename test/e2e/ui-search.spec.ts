import { readFileSync } from 'node:fs';
import { expect, test } from './host-fixture';
import { startHostProcess, type HostProcess } from './host-process';
import { HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 900 }, acceptDownloads: true });

let host: HostProcess;
let api: HostApi;
test.beforeAll(async () => {
  host = await startHostProcess(['--backend', 'sim']);
  api = await HostApi.connect(host);
});
test.afterAll(async () => {
  api?.close();
  await host?.stop();
});

test('search across the fleet: recorded output, messages and memory grouped by agent; the moment it was printed; exports; axe', async ({
  page,
}) => {
  await api.call('agent.spawn', { name: 'builder-1', kind: 'shell', role: 'builder' });
  await api.call('agent.spawn', { name: 'tester-1', kind: 'shell', role: 'tester' });
  // The shell computes the words, so the typed command line never holds them: only output does.
  await api.call('pane.send', {
    targets: ['builder-1'],
    text: 'echo "migration $((6+1)) failed: table users is locked"',
  });
  await api.call('pane.send', {
    targets: ['tester-1'],
    text: 'echo "$((40+2)) tests passed, the migration check skipped"',
  });
  await api.call('memory.put', {
    namespace: 'global',
    key: 'runbook',
    value: 'When a migration fails, unlock the table first.',
  });
  const screenOf = async (agent: string) =>
    (await api.call('pane.read', { targets: [agent], lines: 50 })).screens[0]!.lines.join('\n');
  await expect.poll(() => screenOf('builder-1'), { timeout: 15_000 }).toContain('migration 7 failed');
  await expect.poll(() => screenOf('tester-1'), { timeout: 15_000 }).toContain('42 tests passed');

  // Once on screen, the recorder's next read makes it searchable (a search brings in the lines not yet indexed).
  // How soon is a timing, not this test's (a 1 s poll here fails on a loaded box): "within a second" is checked
  // on a fake clock in packages/core/test/recordings/recordings.test.ts.
  await expect
    .poll(async () => (await api.call('fleet.search', { query: 'locked', sources: ['recording'] })).total)
    .toBeGreaterThan(0);

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await search.fill('migration');
  const groups = page.getByTestId('search-group');
  await expect(groups).toHaveCount(3);
  await expect(
    page.locator('[data-testid="search-group"][data-agent="builder-1"] [data-source="recording"]'),
  ).toContainText('failed: table users is locked');
  await expect(page.locator('[data-testid="search-group"][data-agent="builder-1"] mark').first()).toHaveText(
    'migration',
  );
  await expect(
    page.locator('[data-testid="search-group"][data-agent="tester-1"] [data-source="recording"]'),
  ).toContainText('42 tests passed');
  await expect(
    page.locator('[data-testid="search-group"][data-agent="you"] [data-source="memory"]'),
  ).toContainText('runbook');

  // One source at a time.
  await page.getByRole('checkbox', { name: 'Memory' }).uncheck();
  await expect(groups).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Memory' }).check();

  // Jump to the moment: the agent's recorded screen as it was then, with the line on it.
  await page
    .locator('[data-testid="search-group"][data-agent="builder-1"] [data-source="recording"]')
    .first()
    .click();
  // The pane is narrow: the screen shows the line wrapped, as the terminal did.
  await expect(page.getByTestId('recorded-screen')).toContainText('migration 7 failed: table users is lock');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('fleet-search.png') });

  // Exports: asciicast v2 (a header line, then [time, "o", data] events) and text.
  const [cast] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'asciicast' }).click(),
  ]);
  expect(cast.suggestedFilename()).toMatch(/^builder-1-.*\.cast$/);
  const lines = readFileSync((await cast.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({
    version: 2,
    width: expect.any(Number),
    height: expect.any(Number),
  });
  for (const line of lines.slice(1))
    expect(JSON.parse(line)).toEqual([
      expect.any(Number),
      expect.stringMatching(/^[orm]$/),
      expect.any(String),
    ]);
  expect(lines.join('\n')).toContain('table users is locked');
  const [text] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Text' }).click(),
  ]);
  expect(readFileSync((await text.path())!, 'utf8')).toMatch(
    /Z {2}migration 7 failed: table users is locked/,
  );

  // Nothing found says so.
  await search.fill('zebra');
  await expect(page.getByTestId('search-empty')).toHaveText('Nothing matches.');
});
