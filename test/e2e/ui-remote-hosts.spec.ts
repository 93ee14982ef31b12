// Issue 27: agents on a remote host as the person sees them. A real host process whose registered host
// "box" is a real OpenSSH server on 127.0.0.1 (the user's `ssh`, here a wrapper that knows the test
// sshd's key, first on the host's PATH); the agents there run in tmux over that connection.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from './host-fixture';
import { sshAvailable, startSshServer } from '../../packages/tmux-bridge/test/ssh-server';
import { HostApi } from './host-api';
import { startHostProcess } from './host-process';
import { screenshotPath } from './screenshots';

test.use({ viewport: { width: 1440, height: 900 } });

test('cards show the host, the chart filters and groups by it, the flow graph marks messages that cross machines', async ({
  page,
}) => {
  test.skip(!sshAvailable, 'needs sshd and root (as in CI)');
  test.setTimeout(180_000);
  const sshd = await startSshServer();
  const bin = mkdtempSync(join(tmpdir(), 'sb-ssh-bin-'));
  const { identityFile, knownHostsFile } = sshd.target;
  writeFileSync(
    join(bin, 'ssh'),
    `#!/bin/sh\nexec /usr/bin/ssh -i '${identityFile}' -o IdentitiesOnly=yes -o 'UserKnownHostsFile=${knownHostsFile}' -o StrictHostKeyChecking=accept-new "$@"\n`,
  );
  chmodSync(join(bin, 'ssh'), 0o755);
  const host = await startHostProcess(['--backend', 'memory'], undefined, {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
  });
  const api = await HostApi.connect(host);
  const clients: Client[] = [];
  try {
    await api.call('host.add', { name: 'box', url: `ssh://${sshd.target.destination}:${sshd.target.port}` });
    await api.call('team.create', { name: 'crew' });
    await api.call('agent.spawn', { name: 'lead', team: 'crew', kind: 'shell' });
    for (const name of ['far-a', 'far-b'])
      await api.call('agent.spawn', {
        name,
        team: 'crew',
        kind: 'custom',
        command: 'bash --norc --noprofile',
        host: 'box',
      });
    // Their own tokens, as MCP clients (the tunnel itself is proven in packages/host/test/remote-host.test.ts).
    const as = async (agent: string) => {
      const { token } = await api.call('agent.issueToken', { agent });
      const client = new Client({ name: `e2e-${agent}`, version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    };
    const send = async (from: string, to: string, kind: string) => {
      const result = await (
        await as(from)
      ).callTool({
        name: 'message_send',
        arguments: { kind, to: { agent: to }, body: `${kind} from ${from}` },
      });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    };
    await send('far-a', 'lead', 'request');
    await send('far-b', 'far-a', 'notification');
    await send('lead', 'far-b', 'instruction');

    await page.goto(host.uiUrl);
    const card = (name: string) => page.locator(`[data-testid="agent-card"][data-agent="${name}"]`);
    await expect(card('far-a').getByTestId('agent-host')).toHaveText('@box');
    await expect(card('far-b').getByTestId('agent-host')).toHaveText('@box');
    await expect(card('lead')).toBeVisible();
    await expect(card('lead').getByTestId('agent-host')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('remote-hosts-chart.png') });

    const filter = page.getByRole('searchbox', { name: 'Filter agents' }).first();
    await filter.fill('@box');
    await expect(page.getByTestId('agent-card')).toHaveCount(2);
    await filter.fill('@local');
    await expect(page.getByTestId('agent-card')).toHaveCount(1);
    await filter.fill('');

    // Grouped by host: one group per machine, the team crew inside each machine it spans.
    await page.getByRole('button', { name: 'Group by host' }).click();
    await expect(page.getByRole('button', { name: 'Group by host' })).toHaveAttribute('aria-pressed', 'true');
    const machine = (name: string) => page.locator(`[data-testid="team"][data-host-group="${name}"]`);
    await expect(machine('local')).toHaveAttribute('data-team', 'This machine');
    await expect(machine('box')).toHaveAttribute('data-team', '@box');
    await expect(page.locator('[data-testid="team"][data-team="crew"]')).toHaveCount(2);
    const inside = async (cardName: string, group: string) => {
      const a = await card(cardName).boundingBox();
      const g = await machine(group).boundingBox();
      return (
        a !== null &&
        g !== null &&
        a.x >= g.x &&
        a.y >= g.y &&
        a.x + a.width <= g.x + g.width &&
        a.y + a.height <= g.y + g.height
      );
    };
    await expect.poll(() => inside('far-a', 'box')).toBe(true);
    expect(await inside('far-b', 'box')).toBe(true);
    expect(await inside('lead', 'local')).toBe(true);
    expect(await inside('lead', 'box')).toBe(false);
    // A view, not a team: no rename there.
    await expect(machine('box').getByRole('button', { name: /Rename/ })).toHaveCount(0);
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.screenshot({ path: screenshotPath('remote-hosts-grouped.png') });
    await page.getByRole('button', { name: 'Group by host' }).click();
    await expect(machine('box')).toHaveCount(0);

    await page.getByRole('button', { name: 'Message flow', exact: true }).click();
    const edge = (from: string, to: string) =>
      page.locator(`[data-testid="flow-edge"][data-from="${from}"][data-to="${to}"]`);
    await expect(edge('far-a', 'lead')).toHaveAttribute('data-cross-host', 'true');
    await expect(edge('lead', 'far-b')).toHaveAttribute('data-cross-host', 'true');
    await expect(edge('far-b', 'far-a')).not.toHaveAttribute('data-cross-host', 'true');
    await expect(
      page.locator('[data-testid="flow-node"][data-agent="far-a"]').getByTestId('flow-node-host'),
    ).toHaveText('@box');
    await expect(page.getByTestId('legend-cross-host')).toHaveText(/between machines/);
    await page.screenshot({ path: screenshotPath('remote-hosts-flow.png') });
  } finally {
    for (const client of clients) await client.close();
    api.close();
    await host.stop();
    // The tmux server "there" outlives its client by design: stopped here, in the sshd's own tmux folder.
    spawnSync('tmux', ['-S', join(sshd.home, `tmux-${process.getuid!()}`, 'switchboard'), 'kill-server']);
    sshd.dispose();
  }
});
