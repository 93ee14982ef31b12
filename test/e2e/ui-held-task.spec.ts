import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { startHostProcess } from './host-process';

// A spawn's first task held for want of Switchboard's tools, as the human meets it: `switchboard start` with the
// human's policy in its environment (wait 2 s at the prompt, then hold), a stand-in for Claude Code in a real bash
// on the embedded iTerm2-API server that reports its Stop hook to the host's /hook as Claude Code does but never
// connects its MCP client. The attention centre lists the held task with "Type it anyway" and "Keep waiting";
// waiting asks again after another wait, typing it puts the task into the pane.

test('a held first task is listed in the attention centre and typed only when the human says so', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const host = await startHostProcess(['--backend', 'sim'], undefined, {
    SWITCHBOARD_TASK_TOOLS_WAIT_SECONDS: '2',
    SWITCHBOARD_TASK_WITHOUT_TOOLS: 'hold',
  });
  const api = await HostApi.connect(host);
  try {
    const cli = join(mkdtempSync(join(tmpdir(), 'sb-held-task-')), 'stand-in-claude.sh');
    writeFileSync(
      cli,
      [
        '#!/bin/bash',
        '# At its prompt at once: Stop hooks to the host (as Claude Code reports them); no MCP client at all.',
        "# The token goes to curl as a config on its stdin (printf is bash's builtin), not in curl's argv.",
        '( for i in $(seq 1 20); do printf \'header = "Authorization: Bearer %s"\\n\' "$SWITCHBOARD_TOKEN" |',
        '    curl -K - -sS -o /dev/null -X POST \\',
        `    -H 'content-type: application/json' -d '{"hook_event_name":"Stop"}' "$SWITCHBOARD_URL/hook"; sleep 1; done ) &`,
        'exec /bin/bash --norc --noprofile',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    await page.goto(host.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await api.call('agent.spawn', {
      name: 'unwired',
      kind: 'claude',
      command: cli,
      task: 'echo HELD-$((6*7))',
    });
    await page.getByRole('button', { name: /^Attention/ }).click();
    const row = page.getByTestId('attention-row').filter({ hasText: 'its first task is held' });
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText("unwired has not connected to Switchboard's tools after 2 s");
    const screen = async () =>
      (await api.call('pane.read', { targets: ['unwired'] })).screens[0]!.lines.join('\n');
    expect(await screen()).not.toContain('HELD-');

    // Keep waiting: the item goes, and comes back after another wait at the prompt.
    await row.getByRole('button', { name: 'Keep waiting' }).click();
    await expect(row).toHaveCount(0, { timeout: 15_000 });
    await expect(row).toBeVisible({ timeout: 60_000 });
    expect(await screen()).not.toContain('HELD-');

    // Type it anyway: the task goes into the pane and runs; the item is resolved.
    await row.getByRole('button', { name: 'Type it anyway' }).click();
    await expect.poll(screen, { timeout: 30_000 }).toMatch(/^HELD-42$/m);
    await expect(row).toHaveCount(0, { timeout: 15_000 });
  } finally {
    api.close();
    await host.stop();
  }
});
