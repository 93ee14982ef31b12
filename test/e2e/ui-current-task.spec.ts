import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';
import { allViolations } from './ui-axe';

// The current task on cards and in the agent detail (issue 22 item 2), on the embedded iTerm2-API server
// with real shells: an acknowledged instruction, then the agent's own note over MCP, then a plan step.
test.use({ bypassCSP: true });

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  await api.call('team.create', { name: 'release' });
  for (const name of ['tagger', 'writer'])
    await api.call('agent.spawn', { name, team: 'release', kind: 'shell' });
});

const card = (page: Page, name: string) => page.locator(`[data-agent="${name}"][data-testid="agent-card"]`);

test('cards and the detail show what each agent works on, by source, live', async ({ page }) => {
  const { token } = await api.call('agent.issueToken', { agent: 'tagger' });
  const tagger = await HostApi.connect(host, token);
  try {
    await page.goto(host.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await expect(card(page, 'tagger').getByTestId('card-task')).toHaveText(/^\s*$/);

    // An instruction becomes the task once the agent acknowledged it.
    await api.call('message.send', {
      kind: 'instruction',
      to: { agent: 'tagger' },
      body: 'Write the 2.4 release notes',
      typeIntoPane: 'never',
    });
    const { messages } = await tagger.call('message.receive', {});
    await tagger.call('message.ack', { messageIds: messages.map((m) => m.id) });
    const task = card(page, 'tagger').getByTestId('card-task');
    await expect(task).toHaveAttribute('data-source', 'instruction');
    await expect(task).toContainText('Write the 2.4 release notes');

    // Its own word over MCP (health_heartbeat with a note) outranks the instruction.
    await tagger.call('health.heartbeat', { note: 'checking the changelog links' });
    await expect(task).toHaveAttribute('data-source', 'status');
    await expect(task).toContainText('checking the changelog links');

    // A plan step outranks both; completing it hands back to the note.
    const plan = await api.call('plan.create', {
      name: 'ship',
      steps: [{ id: 'tag', task: 'Tag v2.4 and push the tag', assignee: { agent: 'tagger' } }],
    });
    await expect(task).toHaveAttribute('data-source', 'plan_step');
    await expect(task).toContainText('Tag v2.4 and push the tag');
    await expect(card(page, 'writer').getByTestId('card-task')).toHaveText(/^\s*$/);

    // The detail says the same.
    await card(page, 'tagger').click();
    await page.getByRole('button', { name: 'Open details' }).click();
    await expect(page.locator('.detail-task')).toContainText('Tag v2.4 and push the tag');
    expect(await allViolations(page)).toEqual([]);

    await tagger.call('plan.completeStep', { plan: plan.id, step: 'tag' });
    await expect(page.locator('.detail-task')).toContainText('checking the changelog links');
    // A reload reads it from the snapshot.
    await page.reload();
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await expect(card(page, 'tagger').getByTestId('card-task')).toContainText('checking the changelog links');
  } finally {
    tagger.close();
  }
});
