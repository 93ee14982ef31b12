import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { sshAvailable, startSshServer } from '../../tmux-bridge/test/ssh-server';
import { startTestHost } from './host-fixture';

const suite = sshAvailable && spawnSync('tmux', ['-V']).status === 0 ? describe : describe.skip;

suite('agents on a remote host: tmux over ssh to a real OpenSSH server on 127.0.0.1', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('spawns an agent on a registered host in tmux there, reads and types into it, closes it; an unreachable host is refused', async () => {
    const sshd = await startSshServer();
    cleanup.push(() => sshd.dispose());
    const remoteSocket = join(mkdtempSync(join(tmpdir(), 'sb-remote-host-')), 'tmux.sock');
    cleanup.push(() => {
      spawnSync('tmux', ['-S', remoteSocket, 'kill-server']);
      rmSync(join(remoteSocket, '..'), { recursive: true, force: true });
    });
    const { identityFile, knownHostsFile, options } = sshd.target;
    const { host } = await startTestHost({
      writeHostFile: false,
      remoteTmux: { socketPath: remoteSocket, ssh: { identityFile, knownHostsFile, options } },
    });
    cleanup.push(() => host.close());
    const call = <T>(name: string, input: unknown) =>
      host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;

    await call('host.add', { name: 'box', url: `ssh://${sshd.target.destination}:${sshd.target.port}` });
    const agent = await call<Agent>('agent.spawn', {
      name: 'remote-shell',
      kind: 'custom',
      command: 'bash --norc --noprofile',
      host: 'box',
    });
    expect(agent.host).toBe('box');
    expect(agent.paneId).toMatch(/^box\/%\d+$/);
    const remotePane = agent.paneId!.slice('box/'.length);
    const listed = spawnSync('tmux', ['-S', remoteSocket, 'list-panes', '-a', '-F', '#{pane_id}'], {
      encoding: 'utf8',
    }).stdout;
    expect(listed.split('\n')).toContain(remotePane);

    await host.backend.sendText(agent.paneId!, 'echo remote-$((6*7))\r');
    await eventually(
      async () => (await host.backend.readScreen(agent.paneId!)).lines.join('\n').includes('remote-42'),
      15_000,
      'the remote pane echoing',
    );

    await call('agent.close', { agent: 'remote-shell' });
    await eventually(
      () =>
        !spawnSync('tmux', ['-S', remoteSocket, 'list-panes', '-a', '-F', '#{pane_id}'], { encoding: 'utf8' })
          .stdout.split('\n')
          .includes(remotePane),
      15_000,
      'the remote pane closed',
    );

    await call('host.add', { name: 'down', url: `ssh://${sshd.target.destination}:1` });
    await expect(
      call('agent.spawn', { name: 'nowhere', kind: 'custom', command: 'true', host: 'down' }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    const { agents } = await call<{ agents: Agent[] }>('agent.list', {});
    expect(agents.map((a) => a.name)).not.toContain('nowhere');
  }, 120_000);
});
