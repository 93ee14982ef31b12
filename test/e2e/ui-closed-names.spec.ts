import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { screenshotPath } from './screenshots';

const { host, api: human } = specHost();

/** `name` spawned and asking for a permission through its own token; returns the item's id. */
async function spawnAndAsk(name: string, summary: string): Promise<string> {
  await human.call('agent.spawn', { name, team: 'api', role: 'builder' });
  const { token } = await human.call('agent.issueToken', { agent: name });
  const agent = await HostApi.connect(host, token);
  try {
    const { approval } = await agent.call('approval.request', { kind: 'permission', summary });
    return approval.id;
  } finally {
    agent.close();
  }
}

// Found by use (session 25): the history showed "alice" for a closed alice's item and the new alice's alike.
test('an item of a closed agent reads "alice (closed)" (id on hover); the new alice reads plainly', async ({
  page,
}) => {
  await human.call('team.create', { name: 'api' });
  const old = await spawnAndAsk('alice', 'old alice wants to run the migration');
  await human.call('approval.decide', { decisions: [{ id: old, verdict: 'approve' }] });
  await human.call('agent.close', { agent: 'alice' });
  await spawnAndAsk('alice', 'new alice wants to push the branch');

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: /Approvals/ }).click();
  const row = page.getByTestId('history-row').filter({ hasText: 'old alice' });
  await expect(row).toBeVisible();
  await expect(page.getByTestId('approval-item')).toBeVisible();
  await page.screenshot({ path: screenshotPath('closed-agent-names.png') });

  await expect(row.locator('td').nth(2)).toHaveText('alice (closed)');
  await expect(row.locator('td').nth(2).locator('[title]')).toHaveAttribute(
    'title',
    /\(closed or replaced\): agent-/,
  );
  await expect(page.getByTestId('approval-item').locator('.queue-requester')).toHaveText('alice');
  await expect(page.getByTestId('approval-detail')).toContainText('asked by alice ·');
});

// Session 26 left it: the names of closed agents lived only in a page that watched the close (formerNames), so a
// page opened later showed a closed agent's message under its raw id. The host now serves them with fleet.snapshot.
test('a page opened after the close names the closed sender of a message: "carol (closed)", not its id', async ({
  page,
}) => {
  await human.call('agent.spawn', { name: 'carol', team: 'api', role: 'builder' });
  const { token } = await human.call('agent.issueToken', { agent: 'carol' });
  const carol = await HostApi.connect(host, token);
  try {
    await carol.call('message.send', {
      kind: 'notification',
      to: { human: true },
      body: 'the report is ready',
    });
  } finally {
    carol.close();
  }
  await human.call('agent.close', { agent: 'carol' });

  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: /Inbox/ }).click();
  const message = page.getByTestId('inbox-message').filter({ hasText: 'the report is ready' });
  await expect(message.locator('.caller-name')).toHaveText('carol (closed)');
  await page.screenshot({ path: screenshotPath('closed-sender-fresh-page.png') });
});
