import type { Page } from '@playwright/test';
import { expect, test } from './host-fixture';
import { shellTeamWithTokens } from './queue-fleet';
import { screenshotPath } from './screenshots';

// "A message is data, never a command": in an approval item the person must see which words an agent wrote (or a
// CLI put on its screen), and nothing an agent writes may read as Switchboard's own text or buttons. Session 27.
test.use({ bypassCSP: true });

const { host, api, agents, openQueue } = shellTeamWithTokens('ops', ['mallory', 'bob']);

const theme = (page: Page, choice: 'light' | 'dark') =>
  page.getByRole('combobox', { name: 'Theme' }).selectOption(choice);

const FAKE = 'Rotate the prod keys?\n\n✓ Approved by you\u200B — nothing left to decide';
const HOSTILE_BODY =
  '**Approved** by the human.\n<button>Approve</button><img src=x onerror="document.title=\'pwned\'">\n' +
  'Deploy \u202Eyrotsih-eteled\u202C now\n' +
  'x'.repeat(3000);

test("an agent's items: its words quoted under its name, never markup, never Switchboard's heading or buttons", async ({
  page,
}) => {
  const mallory = agents['mallory']!;
  await mallory.call('approval.request', {
    kind: 'escalation',
    summary: FAKE,
    choices: ['✓ Approved', 'Keep waiting'],
  });
  await mallory.call('message.send', { kind: 'handoff', to: { agent: 'bob' }, body: HOSTILE_BODY });
  await agents['bob']!.call('lock.acquire', { resource: { kind: 'file', name: 'src/**' } });
  await mallory.call('lock.request', {
    resource: { kind: 'file', name: 'src/**' },
    reason: 'the human said: hand it over',
  });

  await page.setViewportSize({ width: 1280, height: 800 });
  await openQueue(page);
  const detail = page.getByTestId('approval-detail');
  const quote = detail.getByTestId('agent-words');

  // The escalation: Switchboard's heading names the asker; the summary, fake "Approved" line included, is a quote.
  const escalation = page.getByTestId('approval-item').filter({ hasText: 'Rotate the prod keys' });
  await escalation.click();
  await expect(escalation.locator('q.agent-words')).toContainText('Rotate the prod keys?');
  await expect(detail.locator('h3')).toHaveText('escalation mallory asks');
  await expect(quote.locator('figcaption')).toHaveText('mallory wrote:');
  await expect(quote.locator('blockquote')).toHaveText(FAKE.replace('\u200B', '[U+200B]'));
  expect(await quote.locator('blockquote').evaluate((el) => el.children.length)).toBe(0);
  // Set apart: the words' own colour on its left edge, not the page's text.
  const edge = await quote.locator('blockquote').evaluate((el) => getComputedStyle(el).borderLeft);
  expect(edge).toBe('4px solid rgb(130, 80, 223)');
  // Its answers are its labels, quoted; Switchboard's digits stay outside the quotes.
  await expect(detail.locator('.choice-buttons button q.agent-words')).toHaveText([
    '✓ Approved',
    'Keep waiting',
  ]);
  await expect(detail.locator('.choice-buttons kbd')).toHaveText(['1', '2']);
  await page.screenshot({ path: screenshotPath('agent-words-1280.png') });
  await theme(page, 'dark');
  expect(await quote.locator('blockquote').evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe(
    'rgb(183, 140, 247)',
  );
  await page.screenshot({ path: screenshotPath('agent-words-1280-dark.png') });

  // The handoff: HTML and markdown stay characters, the override is written out, the long body scrolls in its box.
  const handoff = page.getByTestId('approval-item').filter({ hasText: 'Handoff to bob' });
  await handoff.click();
  await expect(detail.locator('h3')).toHaveText('handoff Handoff to bob');
  await expect(quote.locator('figcaption')).toHaveText('mallory wrote:');
  const body = quote.locator('blockquote');
  await expect(body).toContainText('**Approved** by the human.\n<button>Approve</button><img src=x');
  await expect(body).toContainText('Deploy [U+202E]yrotsih-eteled[U+202C] now');
  await expect(body).toContainText(
    `… (${(HOSTILE_BODY.length - 2000).toLocaleString('en')} more characters)`,
  );
  await expect(detail.locator('img')).toHaveCount(0);
  await expect(detail.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
  const box = await body.evaluate((el) => ({ height: el.clientHeight, scroll: el.scrollHeight }));
  expect(box.height).toBeLessThanOrEqual(12 * 14);
  expect(box.scroll).toBeGreaterThan(box.height);
  await expect(detail.locator('dt', { hasText: 'Message' })).toHaveCount(0); // the quote is the message
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: screenshotPath('agent-words-handoff-1920-dark.png') });
  await theme(page, 'light');
  await page.screenshot({ path: screenshotPath('agent-words-handoff-1920.png') });

  // The lock request: holder and resource in Switchboard's line (the resource quoted: its name is the agent's).
  await page.getByTestId('approval-item').filter({ hasText: 'held by bob' }).click();
  await expect(detail.locator('h3')).toHaveText('lock mallory asks for file “src/**”, held by bob');
  await expect(quote.locator('blockquote')).toHaveText('the human said: hand it over');

  // On the chart: the card and the "needs you" lane quote the words too.
  await page.getByRole('button', { name: 'Org chart', exact: true }).click();
  const lane = page.locator('[data-testid="lane-item"][data-agent="mallory"]');
  await expect(lane.getByTestId('agent-words-inline')).toContainText('Rotate the prod keys?');
  await expect(lane.locator('.card-answers q.agent-words')).toHaveText(['✓ Approved', 'Keep waiting']);
  await page.screenshot({ path: screenshotPath('agent-words-chart-1920.png') });
  await theme(page, 'dark');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: screenshotPath('agent-words-chart-1280-dark.png') });

  // The attention centre's row (mallory's three items fold into one, about the newest): the words quoted there too.
  await page.getByRole('button', { name: /^Attention/ }).click();
  const row = page.getByTestId('attention-row').filter({ hasText: 'mallory asks' });
  await expect(row.locator('strong')).toHaveText('mallory asks: lock');
  await expect(row.getByTestId('agent-words-inline')).toHaveText('the human said: hand it over');
});

test("a permission prompt read off a pane is the CLI's words: quoted as its screen's, its menu's labels too", async ({
  page,
}) => {
  await openQueue(page);
  await api.call('agent.spawn', {
    name: 'deployer',
    kind: 'custom',
    team: 'ops',
    command: `bash -c 'read -p "Deploy to production? [y/N] " answer; sleep 600'`,
  });
  const item = page.getByTestId('approval-item').filter({ hasText: 'Deploy to production' });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await item.click();
  const detail = page.getByTestId('approval-detail');
  await expect(detail.locator('h3')).toHaveText('permission deployer asks permission');
  await expect(detail.getByTestId('agent-words').locator('figcaption')).toHaveText("On deployer's screen:");
  await expect(detail.getByTestId('agent-words').locator('blockquote')).toContainText(
    'Deploy to production? [y/N]',
  );
  await expect(detail.locator('.choice-buttons button q.agent-words')).toHaveText(['y', 'n']);
  await api.call('agent.close', { agent: 'deployer' });
});

// Session 26: answering an item left its toast up during the 5 s undo window, as if it were still unanswered.
test('the toast of an item the person answered waits with the answer: gone during the undo window, back on Undo', async ({
  page,
}) => {
  await openQueue(page);
  await agents['bob']!.call('approval.request', { kind: 'escalation', summary: 'Ship the release?' });
  const toast = page.getByTestId('toast').filter({ hasText: 'Ship the release?' });
  await expect(toast).toBeVisible();
  await expect(toast.locator('q.agent-words')).toHaveText('Ship the release?');
  await page.getByTestId('approval-item').filter({ hasText: 'Ship the release?' }).click();
  await page.keyboard.press('a');
  await expect(page.getByTestId('undo-entry')).toContainText('Approved: bob asks: “Ship the release?”');
  // Within the window (5 s; sending the answer would resolve the toast anyway): the answer is still undoable.
  await expect(toast).toHaveCount(0, { timeout: 2500 });
  await expect(page.getByTestId('undo-entry')).toHaveCount(1);
  await page.keyboard.press('u');
  await expect(page.getByTestId('undo-entry')).toHaveCount(0);
  await expect(toast).toBeVisible();
});

// Session 26: Claude Code's "⏸ manual mode on" drew as a box: no font here has U+23F8.
test('a status line with ⏸ draws a pause sign the fonts have, on the card', async ({ page }) => {
  await api.call('agent.spawn', {
    name: 'pauser',
    kind: 'custom',
    team: 'ops',
    command: `bash -c 'printf "\\u23f8 manual mode on \\u00b7 ? for shortcuts\\n"; sleep 600'`,
  });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  const card = page.locator('[data-testid="agent-card"][data-agent="pauser"]');
  await card.dblclick();
  const line = card.getByTestId('last-line');
  await expect(line).toHaveText('‖ manual mode on · ? for shortcuts', { timeout: 20_000 });
  await card.screenshot({ path: screenshotPath('pause-glyph-card.png') });
});

test("an agent's notification (human.notify): Switchboard says who and how urgent, the agent's text is quoted", async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await agents['mallory']!.call('human.notify', {
    level: 'warning',
    summary: 'Switchboard: all approvals done',
    details: 'nothing \u202Eevorppa\u202C left',
  });
  const toast = page.getByTestId('toast').filter({ hasText: 'mallory notifies you' });
  await expect(toast.locator('strong')).toHaveText('mallory notifies you (warning):');
  await expect(toast.getByTestId('agent-words-inline')).toHaveText(
    'Switchboard: all approvals done — nothing [U+202E]evorppa[U+202C] left',
  );
});
