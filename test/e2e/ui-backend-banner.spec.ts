// Issue 23: the terminal backend going away is a contract event the person sees. A real host attached
// to a standalone embedded iTerm2-API server (as to iTerm2); the server is killed under it and started
// again on the same socket.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { startHostProcess } from './host-process';
import { startSim } from './sim-process';

test('the UI shows a banner and unreachable agents while the backend is gone, and clears it on reconnect', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-banner-')), 'iterm2.sock');
  let sim = await startSim(socketPath);
  const host = await startHostProcess(['--backend', 'iterm2', '--iterm2-socket', socketPath]);
  const api = await HostApi.connect(host);
  try {
    await api.call('agent.spawn', { name: 'far-away', kind: 'shell' });
    await page.goto(host.uiUrl);
    await expect(page.locator('[data-agent="far-away"]')).toBeVisible();
    await expect(page.getByTestId('backend-banner')).toHaveCount(0);

    sim.kill('SIGKILL');
    await expect(page.getByTestId('backend-banner')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('backend-banner')).toContainText('disconnected');
    await expect(page.locator('[data-agent="far-away"]').getByTestId('agent-state')).toHaveText(
      /unreachable/,
      { timeout: 10_000 },
    );
    const listed = await api.call('agent.list', {});
    expect(listed.agents.find((a) => a.name === 'far-away')?.state).toBe('unreachable');

    sim = await startSim(socketPath);
    await expect(page.getByTestId('backend-banner')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.locator('[data-agent="far-away"]').getByTestId('agent-state')).not.toHaveText(
      /unreachable/,
      { timeout: 30_000 },
    );
  } finally {
    api.close();
    await host.stop();
    sim.kill('SIGKILL');
  }
});
