// The host stopped mid-use, then started again: the page says the host is gone (not just a grey dot), and
// once the host is back with a new token (one per start) it says so and where the new address is,
// instead of "retrying" for ever. The new address connects.
import { expect, test } from './host-fixture';
import { startHostProcess } from './host-process';

test('a stopped host is said plainly; started again, the page says its token is no longer accepted', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const first = await startHostProcess();
  const port = new URL(first.uiUrl).port;
  let second: Awaited<ReturnType<typeof startHostProcess>> | undefined;
  try {
    await page.goto(first.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected', { timeout: 30_000 });
    await expect(page.getByTestId('host-banner')).toHaveCount(0);

    await first.stop();
    const banner = page.getByTestId('host-banner');
    await expect(banner).toContainText('does not answer', { timeout: 30_000 });
    await expect(page.getByTestId('connection')).not.toHaveText('Connected');

    second = await startHostProcess(['--backend', 'memory', '--port', port], first.dataDir);
    expect(second.token).not.toBe(first.token);
    await expect(banner).toContainText('no longer accepts this page', { timeout: 30_000 });
    await expect(page.getByTestId('connection')).toHaveText('Token refused');

    await page.goto(second.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected', { timeout: 30_000 });
    await expect(page.getByTestId('host-banner')).toHaveCount(0);
  } finally {
    await first.stop();
    await second?.stop();
  }
});
