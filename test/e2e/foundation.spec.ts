import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from './host-fixture';
import { startHostProcess, type HostProcess } from './host-process';
import { screenshotPath } from './screenshots';

let host: HostProcess;
test.beforeAll(async () => {
  host = await startHostProcess();
});
test.afterAll(async () => host?.stop());

test('the printed URL opens the UI; an agent spawned there appears; one spawned over MCP appears without reload', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  expect(page.url()).not.toContain('token=');

  await page.getByPlaceholder('backend').fill('web');
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.getByPlaceholder('builder-1').fill('builder-1');
  await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'web' });
  await page.getByRole('button', { name: 'Spawn' }).click();
  await expect(page.locator('[data-agent="builder-1"]')).toBeVisible();

  // An agent (here: the human's token, as a script would) spawns another agent through the MCP endpoint.
  const hostFile = JSON.parse(readFileSync(join(host.dataDir, 'host.json'), 'utf8')) as { token: string };
  const client = new Client({ name: 'e2e', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${hostFile.token}` } },
    }),
  );
  const result = await client.callTool({ name: 'agent_spawn', arguments: { name: 'via-mcp', team: 'web' } });
  expect(result.isError).toBeFalsy();
  await client.close();

  await expect(page.locator('[data-agent="via-mcp"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('fleet.png') });
});

test('without the token the UI says how to get in, and the API refuses', async ({ page }) => {
  await page.goto(new URL('/', host.uiUrl).href);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('needs its token');
});
