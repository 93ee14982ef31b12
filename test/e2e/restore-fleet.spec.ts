// "Restore fleet" after the terminal itself went away (issue 26, item 3, "Done means"): a standalone
// embedded iTerm2-API server with a real `switchboard start` on it is killed with every pane in it, a
// fresh one is started on the same socket (iTerm2 started again, nothing open), and "Restore all lost"
// in the UI — then, after a second loss, `switchboard restore` — brings back every agent in a live pane,
// each team in its own tab as before, and the Claude Code agent resumed with the session id it reported.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { simWithHosts } from './sim-process';

const QUIET_BASH = '/bin/bash --norc --noprofile';
const SESSION = 'sess-writer-7';
const cli = resolve(import.meta.dirname, '../../apps/headless/bin/switchboard.js');

/** Stands in for Claude Code: prints the arguments it was launched with, then stays open as a shell. */
function fakeClaude(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-fake-claude-')), 'claude');
  writeFileSync(path, '#!/bin/sh\necho "fake-claude $*"\nexec /bin/bash --norc --noprofile\n');
  chmodSync(path, 0o755);
  return path;
}

test('the terminal killed with its panes and started fresh: "Restore all lost" and `switchboard restore` bring back layout and agents, resumed by session id', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const terminal = await simWithHosts();
  try {
    const host = await terminal.startHost();
    const api = await HostApi.connect(host);
    for (const team of ['web', 'api']) await api.call('team.create', { name: team });
    for (const [name, team] of [
      ['w1', 'web'],
      ['w2', 'web'],
      ['a1', 'api'],
    ] as const)
      await api.call('agent.spawn', { name, team, kind: 'custom', command: QUIET_BASH });
    await api.call('agent.spawn', { name: 'writer', team: 'api', kind: 'claude', command: fakeClaude() });
    // Claude Code names its conversation in every hook; this one said something in it, so it can be resumed.
    const writer = await HostApi.connect(
      host,
      (await api.call('agent.issueToken', { agent: 'writer' })).token,
    );
    await writer.call('health.reportHook', { event: 'UserPromptSubmit', sessionId: SESSION });
    writer.close();

    /** Which agents share a tab: the layout as the person sees it, independent of ids. */
    const tabGroups = async () => {
      const { panes } = await api.call('pane.list', { agentsOnly: true });
      const byTab = new Map<string, string[]>();
      for (const pane of panes) byTab.set(pane.tabId, [...(byTab.get(pane.tabId) ?? []), pane.agentName!]);
      return [...byTab.values()].map((names) => names.sort().join(' ')).sort();
    };
    const before = await tabGroups();
    expect(before).toEqual(['a1 writer', 'w1 w2']);
    const states = async () =>
      Object.fromEntries((await api.call('fleet.snapshot', {})).agents.map((a) => [a.name, a.state]));
    const allLost = { w1: 'lost', w2: 'lost', a1: 'lost', writer: 'lost' };

    /** The terminal goes away with every pane, and comes back empty; the host notices on its own. */
    const loseEverything = async () => {
      await terminal.killTerminal();
      await terminal.startTerminal();
      await expect.poll(states, { timeout: 60_000 }).toEqual(allLost);
    };
    /** Every agent in a live pane of the new server, teams as before, the writer resumed. */
    const restored = async () => {
      const live = new Set(
        (await (await terminal.observer()).listPanes()).filter((p) => p.alive).map((p) => p.id),
      );
      const { agents } = await api.call('fleet.snapshot', {});
      for (const agent of agents) {
        expect(agent.state).not.toBe('lost');
        expect(live.has(agent.paneId!)).toBe(true);
      }
      expect(await tabGroups()).toEqual(before);
      await expect
        .poll(async () => (await api.call('pane.read', { targets: ['writer'] })).screens[0]?.lines.join(''), {
          timeout: 30_000,
        })
        .toContain(`--resume ${SESSION}`);
    };

    await loseEverything();
    await page.goto(host.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Manage' }).click();
    await page
      .getByRole('navigation', { name: 'Manage' })
      .getByRole('button', { name: 'Restart', exact: true })
      .click();
    await page.getByRole('button', { name: 'Restore all lost (4)' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Restored' })).toBeVisible({ timeout: 90_000 });
    await restored();

    await loseEverything();
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'restore'], {
      env: { ...process.env, SWITCHBOARD_DATA_DIR: host.dataDir },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/^restored: /);
    expect(stdout.trim().replace('restored: ', '').split(', ').sort()).toEqual(['a1', 'w1', 'w2', 'writer']);
    await restored();
    api.close();
  } finally {
    await terminal.close();
  }
});
