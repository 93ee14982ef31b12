import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launcherPath } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { canHidePaths, sshAvailable, startSshServer } from '../../tmux-bridge/test/ssh-server';
import { startTestHost } from './host-fixture';

const suite = sshAvailable && spawnSync('tmux', ['-V']).status === 0 ? describe : describe.skip;
const MCP_CALL = fileURLToPath(new URL('./support/mcp-call.sh', import.meta.url));

suite('agents on a remote host: tmux over ssh to a real OpenSSH server on 127.0.0.1', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /**
   * A host whose remote "box" is this machine through a real sshd, but a machine of its own as far as the
   * agents' files go: sshd's sessions have their own HOME and (where mount namespaces work) cannot see this
   * host's data folder or the repository's launcher, so an agent there starts only if its launcher travelled.
   */
  async function hostWithRemoteBox() {
    const localRoot = mkdtempSync(join(tmpdir(), 'sb-local-'));
    cleanup.push(() => rmSync(localRoot, { recursive: true, force: true }));
    const hidden = canHidePaths ? [localRoot, dirname(launcherPath())] : [];
    const sshd = await startSshServer({ hide: hidden });
    cleanup.push(() => sshd.dispose());
    const remoteSocket = join(mkdtempSync(join(tmpdir(), 'sb-remote-host-')), 'tmux.sock');
    cleanup.push(() => {
      spawnSync('tmux', ['-S', remoteSocket, 'kill-server']);
      rmSync(join(remoteSocket, '..'), { recursive: true, force: true });
    });
    const { identityFile, knownHostsFile, options } = sshd.target;
    const config = {
      dataDir: join(localRoot, 'data'),
      writeHostFile: false,
      remoteTmux: { socketPath: remoteSocket, ssh: { identityFile, knownHostsFile, options } },
    };
    const { host, dataDir } = await startTestHost(config);
    cleanup.push(() => host.close());
    const call = <T>(name: string, input: unknown) =>
      host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
    await call('host.add', { name: 'box', url: `ssh://${sshd.target.destination}:${sshd.target.port}` });
    const screen = async (paneId: string) => (await host.backend.readScreen(paneId)).lines.join('\n');
    const remotePanes = () =>
      spawnSync('tmux', ['-S', remoteSocket, 'list-panes', '-a', '-F', '#{pane_id} #{pane_pid}'], {
        encoding: 'utf8',
      }).stdout.split('\n');
    return { sshd, host, dataDir, hidden, call, screen, remotePanes, config };
  }

  it('spawns an agent on a registered host with its launcher carried there: its own token, this host through the tunnel; closes it; an unreachable host is refused', async () => {
    const { sshd, host, dataDir, hidden, call, screen, remotePanes } = await hostWithRemoteBox();
    const agent = await call<Agent>('agent.spawn', {
      name: 'remote-shell',
      kind: 'custom',
      command: 'bash --norc --noprofile',
      host: 'box',
    });
    expect(agent.host).toBe('box');
    expect(agent.paneId).toMatch(/^box\/%\d+$/);
    const remotePane = agent.paneId!.slice('box/'.length);
    expect(remotePanes().map((line) => line.split(' ')[0])).toContain(remotePane);

    // The launcher and its launch file were written there (the launcher consumed the launch file), none here.
    const remoteData = join(sshd.home, '.switchboard');
    expect(statSync(join(remoteData, 'launch-agent.sh')).mode & 0o777).toBe(0o600);
    expect(statSync(join(remoteData, 'agents')).mode & 0o777).toBe(0o700);
    await eventually(
      () => !existsSync(join(remoteData, 'agents', `${agent.id}.launch`)),
      15_000,
      'the launcher consuming its launch file there',
    );
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(false);

    // The agent's environment: this host through the reverse tunnel on that machine's loopback, its own token.
    await host.backend.sendText(
      agent.paneId!,
      'echo "url=$SWITCHBOARD_URL agent=$SWITCHBOARD_AGENT"; curl -s "$SWITCHBOARD_URL/health"; echo\r',
    );
    await eventually(
      async () => /"ok":true/.test(await screen(agent.paneId!)),
      15_000,
      'this host answering through the tunnel',
    );
    const url = /url=(http:\/\/127\.0\.0\.1:(\d+))/.exec(await screen(agent.paneId!));
    expect(url, await screen(agent.paneId!)).not.toBeNull();
    expect(Number(url![2])).not.toBe(host.port);
    expect(await screen(agent.paneId!)).toContain(`agent=${agent.id}`);
    if (hidden.length > 0) {
      // That machine does not see this host's data folder: the launch really travelled.
      await host.backend.sendText(
        agent.paneId!,
        `ls ${dataDir} 2>/dev/null | wc -l | sed 's/^/local-files=/'\r`,
      );
      await eventually(
        async () => /local-files=0/.test(await screen(agent.paneId!)),
        15_000,
        'the remote seeing none of this host’s files',
      );
    }

    await call('agent.close', { agent: 'remote-shell' });
    await eventually(
      () => !remotePanes().some((line) => line.split(' ')[0] === remotePane),
      15_000,
      'the remote pane closed',
    );
    await eventually(
      () => !existsSync(join(remoteData, 'agents', agent.id)),
      15_000,
      'its files removed there',
    );

    await call('host.add', { name: 'down', url: `ssh://${sshd.target.destination}:1` });
    await expect(
      call('agent.spawn', { name: 'nowhere', kind: 'custom', command: 'true', host: 'down' }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    const { agents } = await call<{ agents: Agent[] }>('agent.list', {});
    expect(agents.map((a) => a.name)).not.toContain('nowhere');
  }, 120_000);

  it('a removed host is really gone: re-added under its name with another address, it is reached there, not on the old machine', async () => {
    const { sshd, call, remotePanes } = await hostWithRemoteBox();
    const spawn = (name: string) =>
      call<Agent>('agent.spawn', { name, kind: 'custom', command: 'bash --norc --noprofile', host: 'box' });
    const first = await spawn('before');
    await call('agent.close', { agent: 'before' });
    const gone = first.paneId!.slice('box/'.length);
    await eventually(() => !remotePanes().some((l) => l.startsWith(`${gone} `)), 15_000, 'its pane closed');
    await call('host.remove', { name: 'box' });
    // The same name, now a machine that does not answer (port 1): the old connection must not be used.
    await call('host.add', { name: 'box', url: `ssh://${sshd.target.destination}:1` });
    const panesBefore = remotePanes().filter(Boolean).length;
    await expect(spawn('after')).rejects.toMatchObject({ code: 'unavailable' });
    expect(remotePanes().filter(Boolean)).toHaveLength(panesBefore);
  }, 60_000);

  it('gives an agent on a remote host its own git worktree made there (in a repository only that machine has), and removes it there on close', async () => {
    const { sshd, host, hidden, call, screen } = await hostWithRemoteBox();
    // Where mount namespaces work, the repository lives in a folder this machine sees empty (a tmpfs only
    // sshd's sessions have): git here could not branch from it.
    const repo = join(hidden[0] ?? sshd.home, 'remote-repo');
    const there = (script: string) => {
      const result = sshd.ssh('sh', '-c', `'${script.replaceAll("'", `'\\''`)}'`);
      return { ok: result.status === 0, out: result.stdout.trim() };
    };
    const setup = there(
      `git init -q -b main ${repo} && cd ${repo} && echo hi >README.md && git add README.md && ` +
        'git -c user.name=T -c user.email=t@example.invalid commit -q -m first',
    );
    expect(setup.ok).toBe(true);
    if (hidden.length > 0) expect(existsSync(repo)).toBe(false);

    const agent = await call<Agent>('agent.spawn', {
      name: 'far-tree',
      kind: 'custom',
      command: 'bash --norc --noprofile',
      host: 'box',
      cwd: repo,
      worktree: { branch: 'agent/far-tree', base: 'main' },
    });
    const path = join(sshd.home, '.switchboard', 'worktrees', 'remote-repo-agent-far-tree');
    expect(agent.worktree).toEqual({ path, branch: 'agent/far-tree', base: 'main', repository: repo });
    expect(agent.cwd).toBe(path);
    expect(there(`git -C ${path} rev-parse --abbrev-ref HEAD`).out).toBe('agent/far-tree');
    // The agent's pane runs in it, there.
    await host.backend.sendText(agent.paneId!, 'echo "at=$(pwd)"\r');
    await eventually(
      async () => (await screen(agent.paneId!)).includes(`at=${path}`),
      15_000,
      'the pane in its worktree',
    );
    // A branch that exists is refused, as locally, and nothing is made there.
    await expect(
      call('agent.spawn', {
        name: 'twin',
        kind: 'custom',
        command: 'true',
        host: 'box',
        cwd: repo,
        worktree: { branch: 'agent/far-tree' },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const closed = await call('agent.close', { agent: 'far-tree' });
    expect(closed).toEqual({ agentId: agent.id, worktree: { path, removed: true } });
    expect(there(`test -e ${path}`).ok).toBe(false);
    expect(there(`git -C ${repo} branch --list agent/far-tree`).out).toContain('agent/far-tree');
  }, 120_000);

  it("runs a Claude Code agent's hooks there through the sh + curl relay: they reach this host through the tunnel as that agent", async () => {
    const { sshd, host, call, screen } = await hostWithRemoteBox();
    // No Claude Code there: a stand-in that takes Claude's arguments and becomes a shell.
    const fake = join(sshd.home, 'fake-claude');
    writeFileSync(fake, '#!/bin/sh\nexec bash --norc --noprofile\n', { mode: 0o755 });
    const agent = await call<Agent>('agent.spawn', {
      name: 'far-claude',
      kind: 'claude',
      command: `sh ${fake}`,
      host: 'box',
    });
    const folder = join(sshd.home, '.switchboard', 'agents', agent.id);
    const settings = JSON.parse(readFileSync(join(folder, 'claude-settings.json'), 'utf8')) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    const command = settings.hooks['UserPromptSubmit']![0]!.hooks[0]!.command;
    expect(command).toBe(`/bin/sh ${join(folder, 'switchboard-hook.sh')}`);
    const stateOf = async () =>
      (await call<{ agents: Agent[] }>('agent.list', {})).agents.find((a) => a.id === agent.id)!.state;
    // Claude Code would run it with the event on stdin, in the agent's environment (the launcher's URL and token).
    const hook = async (json: object) => {
      const mark = `relay-said-${Math.random().toString(36).slice(2)}`;
      await host.backend.sendText(
        agent.paneId!,
        `out=$(echo '${JSON.stringify(json)}' | ${command} 2>&1); echo "${mark}=[$out]"\r`,
      );
      // The relay prints nothing (Claude Code would read it as the hook's decision), even on stderr.
      await eventually(
        async () => (await screen(agent.paneId!)).includes(`${mark}=[]`),
        20_000,
        'the relay done, silent',
      );
    };
    await hook({ hook_event_name: 'UserPromptSubmit', session_id: 'remote-session-1', prompt: 'p' });
    await eventually(async () => (await stateOf()) === 'working', 20_000, 'the hook making it working');
    await hook({ hook_event_name: 'Stop', session_id: 'remote-session-1' });
    await eventually(async () => (await stateOf()) === 'idle', 20_000, 'the Stop hook making it idle');
  }, 120_000);

  it('two agents there message a local agent as themselves through the tunnel; the connection is cut and restored and they are re-bound, not restarted', async () => {
    const { sshd, host, call, screen, remotePanes } = await hostWithRemoteBox();
    copyFileSync(MCP_CALL, join(sshd.home, 'mcp-call.sh'));
    const local = await call<Agent>('agent.spawn', { name: 'lead', kind: 'custom', command: 'cat' });
    const remote: Agent[] = [];
    for (const name of ['far-a', 'far-b'])
      remote.push(
        await call<Agent>('agent.spawn', {
          name,
          kind: 'custom',
          command: 'bash --norc --noprofile',
          host: 'box',
        }),
      );
    const send = async (agent: Agent, body: string) => {
      const args = JSON.stringify({ to: { agent: 'lead' }, body });
      await host.backend.sendText(agent.paneId!, `sh ~/mcp-call.sh message_send '${args}'\r`);
      await eventually(
        async () => (await screen(agent.paneId!)).split('mcp-call done message_send').length > 1,
        20_000,
        `${agent.name}'s MCP call returning`,
      );
    };
    const inbox = async () =>
      (
        await call<{ messages: { senderId: string; body: string }[] }>('message.peek', {
          agent: local.name,
          limit: 50,
        })
      ).messages;
    for (const agent of remote) await send(agent, `hello from ${agent.name}`);
    await eventually(async () => (await inbox()).length === 2, 15_000, 'both messages in the local inbox');
    expect(
      (await inbox()).map((m) => [m.senderId, m.body]).sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual(remote.map((a) => [a.id, `hello from ${a.name}`]));

    const before = remotePanes().filter(Boolean).sort();
    const stateOf = async (agent: Agent) =>
      (await call<{ agents: Agent[] }>('agent.list', {})).agents.find((a) => a.id === agent.id)!;
    sshd.stop();
    await eventually(
      async () => (await Promise.all(remote.map(stateOf))).every((a) => a.state === 'unreachable'),
      30_000,
      'both remote agents unreachable',
    );
    expect((await stateOf(local)).state).not.toBe('unreachable');
    // This machine's panes still answer while the remote host is away.
    expect((await host.backend.listPanes()).map((p) => p.id)).toContain(local.paneId);
    sshd.restart();
    await eventually(
      async () => (await Promise.all(remote.map(stateOf))).every((a) => a.state !== 'unreachable'),
      30_000,
      'the remote agents back',
    );
    // Re-bound, not restarted: the same panes with the same processes, no agent lost or moved.
    expect(remotePanes().filter(Boolean).sort()).toEqual(before);
    for (const agent of remote) {
      const now = await stateOf(agent);
      expect(now.paneId).toBe(agent.paneId);
      expect(now.state).not.toBe('lost');
    }
    for (const agent of remote) await send(agent, `again from ${agent.name}`);
    await eventually(async () => (await inbox()).length === 4, 15_000, 'the messages after the reconnect');
  }, 180_000);

  it('a host restarted while a remote host is down keeps its agents unreachable, not lost, and re-binds them when it is back', async () => {
    const { sshd, host, call, remotePanes, config } = await hostWithRemoteBox();
    // Spelled as the caller likes: stored as registered, so one name and one connection per host.
    const agent = await call<Agent>('agent.spawn', {
      name: 'far-away',
      kind: 'custom',
      command: 'bash --norc --noprofile',
      host: 'BOX',
    });
    expect(agent.host).toBe('box');
    const before = remotePanes().filter(Boolean);
    await host.close();
    sshd.stop();

    const { host: again } = await startTestHost(config);
    cleanup.push(() => again.close());
    await again.orchestrator.ready;
    const stateOf = async () =>
      ((await again.orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] }).agents.find(
        (a) => a.id === agent.id,
      )!;
    expect(await stateOf()).toMatchObject({ state: 'unreachable', paneId: agent.paneId });

    sshd.restart();
    await eventually(async () => (await stateOf()).state !== 'unreachable', 60_000, 'the agent re-bound');
    expect((await stateOf()).paneId).toBe(agent.paneId);
    expect(remotePanes().filter(Boolean)).toEqual(before);
  }, 180_000);
});
