import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { allViolations } from './ui-axe';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

const { host, api: human } = specHost();

const agents: Record<string, HostApi> = {};

test.beforeAll(async () => {
  await human.call('team.create', { name: 'api' });
  for (const name of ['holder', 'asker']) {
    await human.call('agent.spawn', { name, team: 'api', role: 'builder' });
    const { token } = await human.call('agent.issueToken', { agent: name });
    agents[name] = await HostApi.connect(host, token);
  }
});
test.afterAll(() => {
  for (const api of Object.values(agents)) api.close();
});

test('an agent asks for a lock another holds → the item appears → approve → the requester holds it', async ({
  page,
}) => {
  const holder = agents['holder']!;
  const asker = agents['asker']!;
  await holder.call('lock.acquire', {
    resource: { kind: 'file', name: 'src/router/**' },
    reason: 'refactor',
  });

  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(page.locator('[data-agent="holder"] .badge-locks')).toHaveText('1 lock');
  await page.getByRole('button', { name: /Approvals/ }).click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  const requested = await asker.call('lock.request', {
    resource: { kind: 'file', name: 'src/router/**' },
    reason: 'fix the 404 route',
  });
  expect(requested.lock).toBeNull();
  const item = page.getByTestId('approval-item').filter({ hasText: 'src/router/**' });
  await expect(item).toBeVisible();
  await expect(item).toContainText('asker');
  const detail = page.getByTestId('approval-detail');
  await expect(detail).toContainText('asked by asker');
  await expect(detail.locator('dd', { hasText: 'holder' })).toBeVisible(); // the lock holder, by name
  await expect(page.getByRole('button', { name: /Approvals/ })).toContainText('1');

  await detail.getByRole('button', { name: 'Add a comment' }).click();
  await detail.getByRole('textbox').fill('holder is done with it');
  await detail.getByRole('button', { name: '1 hand over' }).click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  // Held for the 5 s undo window, then sent by itself.
  await expect(page.getByTestId('undo-entry')).toContainText('Chose “hand over”: asker asks for');
  await expect(page.getByTestId('undo-entry')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('history-row').first()).toContainText('approved');
  await expect(page.getByTestId('history-row').first()).toContainText('holder is done with it');

  const { locks } = await asker.call('lock.list', { kind: 'file' });
  const askerId = (await human.call('agent.list', {})).agents.find((a) => a.name === 'asker')!.id;
  expect(locks.map((l) => [l.resource.name, l.owner])).toEqual([['src/router/**', askerId]]);
  const decided = await asker.call('approval.wait', { id: requested.approval!.id, waitMs: 0 });
  expect(decided.approval).toMatchObject({
    status: 'approved',
    decision: { verdict: 'approve', decidedBy: 'human' },
  });
});

test('the approval queue, populated: screenshot and no serious accessibility violations', async ({
  page,
}) => {
  const asker = agents['asker']!;
  const holder = agents['holder']!;
  await holder.call('lock.acquire', {
    resource: { kind: 'branch', name: 'release/1.4' },
    reason: 'cutting the release',
  });
  await asker.call('lock.request', {
    resource: { kind: 'branch', name: 'release/1.4' },
    reason: 'hotfix for the login bug',
  });
  await asker.call('approval.request', {
    kind: 'permission',
    summary: 'Run the database migration on staging',
    payload: { command: 'npm run migrate -- --env staging' },
    expiresInMs: 600_000,
  });
  await holder.call('approval.request', {
    kind: 'escalation',
    summary: 'Tests flake on CI three times in a row',
    payload: {
      message: 'The payments suite times out on the shared runner. Retry, or skip it for this release?',
    },
    choices: ['retry', 'skip'],
    expiresInMs: 90_000,
  });
  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: /Approvals/ }).click();
  await expect(page.getByTestId('approval-item')).toHaveCount(3);
  await expect(page.getByTestId('approval-detail')).toBeVisible();
  expect(await allViolations(page)).toEqual([]);
});

test('a handoff approved from the queue is delivered, one denied is not', async ({ page }) => {
  const asker = agents['asker']!;
  const holder = agents['holder']!;
  // The first test handed holder's lock over, and holder was told so (decision-replies): read, so the unread badge
  // below counts this test's handoff alone.
  const earlier = (await holder.call('message.receive', {})).messages.map((m) => m.id);
  if (earlier.length > 0) await holder.call('message.ack', { messageIds: earlier });
  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: /Approvals/ }).click();
  await expect(page.getByTestId('connection')).toHaveText('Connected');

  await asker.call('message.send', {
    kind: 'handoff',
    to: { agent: 'holder' },
    body: 'Please take over the cache layer',
    typeIntoPane: 'never',
  });
  await asker.call('message.send', {
    kind: 'handoff',
    to: { agent: 'holder' },
    body: 'Please drop the production table',
    typeIntoPane: 'never',
  });
  const keep = page.getByTestId('approval-item').filter({ hasText: 'take over the cache layer' });
  const refuse = page.getByTestId('approval-item').filter({ hasText: 'drop the production table' });
  await expect(keep).toContainText('Handoff to holder');
  await expect(refuse).toBeVisible();
  // Handoffs are held, not delivered, while they wait.
  expect((await holder.call('message.receive', { kinds: ['handoff'] })).messages).toEqual([]);

  const detail = page.getByTestId('approval-detail');
  await keep.click();
  await detail.getByRole('button', { name: '1 deliver' }).click();
  await refuse.click();
  await detail.getByRole('button', { name: 'Add a comment' }).click();
  await detail.getByRole('textbox').fill('never in production');
  await detail.getByRole('button', { name: '2 deny' }).click();
  await expect(keep).toHaveCount(0);
  await expect(refuse).toHaveCount(0);
  await expect(page.getByTestId('undo-entry')).toHaveCount(2);
  await page.getByRole('button', { name: 'Send now' }).first().click();
  await expect(page.getByTestId('undo-entry')).toHaveCount(1);
  await page.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByTestId('undo-entry')).toHaveCount(0);

  const received = await holder.call('message.receive', { kinds: ['handoff'] });
  expect(received.messages.map((m) => m.body)).toEqual(['Please take over the cache layer']);
  const history = page.getByTestId('history-row');
  await expect(history.filter({ hasText: 'drop the production table' })).toContainText('denied');
  await expect(history.filter({ hasText: 'drop the production table' })).toContainText('never in production');
  await expect(page.locator('.nav-tab', { hasText: 'Org chart' })).toBeVisible();
  await page.getByRole('button', { name: 'Org chart' }).click();
  await expect(page.locator('[data-agent="holder"] .badge-unread')).toHaveText('1 unread');
});
