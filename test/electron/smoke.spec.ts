import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

// Runs only where an Electron binary exists (test/electron/run.js decides; elsewhere it reports skips).
const executablePath = process.env['SWITCHBOARD_ELECTRON_PATH'];
const appDir = join(import.meta.dirname, '../../apps/desktop');

/** What the main process exposes to this test (types only: app.evaluate's functions run in Electron's main process). */
interface TestHooks {
  switchboardTest: {
    trayModel(): { icon: string; items: unknown[] };
    perform(action: { type: string; approvalId: string }): unknown;
  };
}

interface Bridge {
  invoke(name: string, input: unknown): Promise<{ ok: boolean; output?: unknown; error?: { code: string } }>;
}
declare global {
  interface Window {
    switchboard: Bridge;
  }
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeAll(async () => {
  test.skip(!executablePath, 'no Electron binary on this machine');
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-electron-'));
  app = await electron.launch({
    executablePath: executablePath!,
    args: [appDir, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_BACKEND: 'memory',
      SWITCHBOARD_TEST_HOOKS: '1',
    },
  });
  page = await app.firstWindow();
});
test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens on the app scheme with only the bridge exposed', async () => {
  await expect(page).toHaveTitle('Switchboard');
  expect(page.url()).toMatch(/^switchboard:\/\/app\//);
  expect(await page.evaluate(() => Object.keys(window.switchboard).sort())).toEqual(['invoke', 'subscribe']);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});

test('the fleet renders: an agent spawned through the bridge appears in the org chart', async () => {
  const spawned = await page.evaluate(() =>
    window.switchboard.invoke('agent.spawn', { name: 'smoke-1', kind: 'shell' }),
  );
  expect(spawned.ok).toBe(true);
  await expect(page.locator('[data-agent="smoke-1"]')).toBeVisible();
});

test('an approval is decided from the menu bar, and the menu model follows', async () => {
  const requested = await page.evaluate(() =>
    window.switchboard.invoke('approval.request', { kind: 'permission', summary: 'smoke approval' }),
  );
  expect(requested.ok).toBe(true);
  const id = (requested.output as { approval: { id: string } }).approval.id;
  await expect
    .poll(() => app.evaluate(() => (globalThis as unknown as TestHooks).switchboardTest.trayModel().icon))
    .toBe('waiting');
  const labels = await app.evaluate(() =>
    JSON.stringify((globalThis as unknown as TestHooks).switchboardTest.trayModel().items),
  );
  expect(labels).toContain('smoke approval');
  await app.evaluate(
    (_electron, approvalId) =>
      (globalThis as unknown as TestHooks).switchboardTest.perform({ type: 'approve', approvalId }),
    id,
  );
  const listed = await page.evaluate(() =>
    window.switchboard.invoke('approval.list', { status: 'approved' }),
  );
  expect(JSON.stringify(listed.output)).toContain(id);
  await expect
    .poll(() => app.evaluate(() => (globalThis as unknown as TestHooks).switchboardTest.trayModel().icon))
    .toBe('ok');
});

test('a foreign page cannot reach the host: navigation away is refused', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^switchboard:\/\/app\//);
});
