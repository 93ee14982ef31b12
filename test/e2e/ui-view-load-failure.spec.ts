// Found by use (session 24): the host stopped, then a view never opened before was opened. Its code is fetched from
// the host when first shown, the fetch failed, and the whole page went blank (no header, no "host does not answer"
// banner, no way back) until reloaded by hand. Now the view's place says what failed, everything else keeps working,
// and once a host answers again the page's reload button brings the view.
import { expect, test } from './host-fixture';

test('a view whose code cannot be fetched says so in its place; the rest of the page keeps working', async ({
  page,
  startHost,
}) => {
  test.setTimeout(120_000);
  const tab = (name: string) =>
    page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const first = await startHost(['--backend', 'memory']);
  await page.goto(first.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected', { timeout: 30_000 });

  await first.stop();
  await expect(page.getByTestId('host-banner')).toContainText('does not answer', { timeout: 30_000 });
  await tab('Approvals').click();

  const failed = page.getByTestId('view-failed');
  await expect(failed).toContainText('This view could not be loaded');
  await expect(failed).toContainText('reload the page');
  await expect(page.getByRole('heading', { name: 'Switchboard' })).toBeVisible();
  await expect(page.getByTestId('host-banner')).toBeVisible();

  await tab('Org chart').click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Spawn agent' })).toBeVisible();

  // The host started again (on the same port; a new token, which the banner then explains): a reload fetches the code.
  await startHost(['--backend', 'memory', '--port', new URL(first.uiUrl).port], first.dataDir);
  await tab('Approvals').click();
  await failed.getByRole('button', { name: 'Reload the page' }).click();
  await tab('Approvals').click();
  await expect(page.getByRole('heading', { name: /Approval queue/ })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('a view of an older build (npm start ran again meanwhile: its chunk is gone) says to reload', async ({
  page,
  startHost,
}) => {
  const host = await startHost(['--backend', 'memory']);
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected', { timeout: 30_000 });
  // What the host answers for a chunk name the new build no longer has.
  await page.route(/\/assets\/inbox-view-[^/]*\.js$/, (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: /^Inbox/ })
    .click();
  const failed = page.getByTestId('view-failed');
  await expect(failed).toContainText('This view could not be loaded');
  await expect(failed).toContainText('built again since this page opened');
  await expect(page.getByTestId('connection')).toHaveText('Connected');
});
