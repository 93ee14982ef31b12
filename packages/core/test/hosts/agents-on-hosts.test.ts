import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardError, type Agent } from '@switchboard/protocol';
import { createMemoryBackend, RoutingBackend, type MemoryBackend } from '../../src/index';
import { eventually } from '../../src/testing/index';
import { fakeMachine, linkTo } from '../backends/remote-link';
import { setupFleet } from '../fleet/fleet-fixture';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/**
 * The fleet over a routing backend: this machine plus fake remotes (memory backends behind a link that can be
 * cut, for TmuxBackend over ssh), whose machine is a temp folder with the tunnel at port 4567.
 */
function fleetWithHosts(machineFiles: Record<string, string> = {}) {
  const remotes = new Map<string, MemoryBackend>();
  const links = new Map<string, ReturnType<typeof linkTo>>();
  const registered = new Set<string>();
  const machine = fakeMachine(4567, machineFiles);
  const backend = createMemoryBackend();
  const terminal = new RoutingBackend({
    local: backend,
    connect: async (host) => {
      if (!registered.has(host)) throw new SwitchboardError('not_found', `No host "${host}"`);
      const link = linkTo(createMemoryBackend(), machine);
      links.set(host, link);
      remotes.set(host, link.backend);
      return link.backend;
    },
  });
  const fleet = setupFleet({ backend, terminal });
  cleanup.push(() => machine.dispose());
  const addHost = async (name: string) => {
    await fleet.call('host.add', { name, url: `ssh://me@${name}.example` });
    registered.add(name);
  };
  return { ...fleet, remotes, links, machine, addHost, terminal };
}

/** A git repository with one commit (in a temp folder, which the fake remote machine shares). */
function gitRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'sb-remote-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git('add', 'README.md');
  git('-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'first');
  return repo;
}

describe('agents on remote hosts', () => {
  it('agent.spawn with a host runs the agent in a pane there; a restart keeps it there', async () => {
    const { call, remotes, addHost, backend } = fleetWithHosts();
    await addHost('box');
    const local = await call<Agent>('agent.spawn', { name: 'here', kind: 'shell' });
    const remote = await call<Agent>('agent.spawn', { name: 'there', kind: 'shell', host: 'box' });
    expect(local.host).toBeUndefined();
    expect(remote.host).toBe('box');
    expect(remote.paneId).toMatch(/^box\//);
    const boxPanes = await remotes.get('box')!.listPanes();
    expect(boxPanes.map((p) => `box/${p.id}`)).toEqual([remote.paneId]);
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([local.paneId]);
    // The agent is identified in its pane there, as locally.
    expect(remotes.get('box')!.inspect(boxPanes[0]!.id).variables['user.switchboardAgent']).toBe(remote.id);

    const restarted = await call<Agent>('agent.restart', { agent: 'there' });
    expect(restarted.host).toBe('box');
    expect(restarted.paneId).toMatch(/^box\//);
  });

  it('refuses a host that is not registered, and host.remove while an agent runs there', async () => {
    const { call, addHost, state } = fleetWithHosts();
    const before = await state();
    await expect(call('agent.spawn', { name: 'x', kind: 'shell', host: 'nowhere' })).rejects.toBeInstanceOf(
      SwitchboardError,
    );
    expect(await state()).toBe(before);
    await addHost('box');
    await call('agent.spawn', { name: 'there', kind: 'shell', host: 'box' });
    await expect(call('host.remove', { name: 'box' })).rejects.toMatchObject({ code: 'conflict' });
    await call('agent.close', { agent: 'there' });
    await call('host.remove', { name: 'box' });
  });

  it('refuses a hostile host name at the contract, and a host on a one-machine backend', async () => {
    const { call } = setupFleet();
    for (const input of [
      { name: 'x', host: '../etc' },
      { name: 'x', host: '-oProxyCommand=sh' },
    ])
      await expect(call('agent.spawn', input)).rejects.toMatchObject({ code: 'invalid_input' });
    // The memory backend alone reaches no host: refused, not silently run here.
    await expect(call('agent.spawn', { name: 'x', kind: 'shell', host: 'box' })).rejects.toThrow(
      /host "box"/,
    );
    expect((await call<{ agents: Agent[] }>('agent.list', {})).agents).toEqual([]);
  });

  it('writes the launch on that machine (its tunnel as SWITCHBOARD_URL, a token of its own) and stores the host as registered', async () => {
    const { call, machine, remotes, addHost, dataDir, orchestrator } = fleetWithHosts();
    await addHost('box');
    const agent = await call<Agent>('agent.spawn', { name: 'far', kind: 'claude', host: 'BOX' });
    expect(agent.host).toBe('box');
    const launchFile = join(machine.dataDir, 'agents', `${agent.id}.launch`);
    const launch = machine.read(launchFile);
    expect(launch).toContain('export SWITCHBOARD_URL=http://127.0.0.1:4567\n');
    const token = /SWITCHBOARD_TOKEN=(\S+)/.exec(launch)![1]!.replaceAll("'", '');
    expect(orchestrator.authenticateAgent(token)).toMatchObject({ kind: 'agent', id: agent.id });
    // The pane runs the launcher there, on that launch file; nothing of it is on this machine.
    const pane = remotes.get('box')!.inspect(agent.paneId!.slice('box/'.length));
    expect(pane.command).toBe(`/bin/sh ${join(machine.dataDir, 'launch-agent.sh')} ${launchFile}`);
    expect(machine.read(join(machine.dataDir, 'launch-agent.sh'))).toMatch(/^#!\/bin\/sh/);
    expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(false);
    // Claude Code's MCP config travels too, and its hooks run the sh + curl relay written beside it there
    // (this machine's `node …/switchboard.js hook` is not there).
    const folder = join(machine.dataDir, 'agents', agent.id);
    expect(launch).toContain(join(folder, 'claude-mcp.json'));
    expect(machine.read(join(folder, 'claude-mcp.json'))).toContain('${SWITCHBOARD_URL}/mcp');
    expect(launch).toContain(`--settings ${join(folder, 'claude-settings.json')}`);
    const settings = JSON.parse(machine.read(join(folder, 'claude-settings.json'))) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    const commands = new Set(
      Object.values(settings.hooks).flatMap((h) => h.flatMap((e) => e.hooks.map((x) => x.command))),
    );
    expect([...commands]).toEqual([`/bin/sh ${join(folder, 'switchboard-hook.sh')}`]);
    const relay = machine.read(join(folder, 'switchboard-hook.sh'));
    expect(relay).toMatch(/^#!\/bin\/sh/);
    expect(relay).not.toMatch(/node|switchboard\.js/);
    // The token reaches curl in a file, never on its command line.
    expect(relay).not.toMatch(/curl[^\n]*SWITCHBOARD_TOKEN/);
    // Codex's notify runs the same relay there.
    const codex = await call<Agent>('agent.spawn', { name: 'far-codex', kind: 'codex', host: 'box' });
    const codexFolder = join(machine.dataDir, 'agents', codex.id);
    expect(machine.read(join(machine.dataDir, 'agents', `${codex.id}.launch`))).toContain(
      `notify=["/bin/sh","${join(codexFolder, 'switchboard-hook.sh')}","--codex"]`,
    );

    await call('agent.close', { agent: 'far' });
    await eventually(
      () => !existsSync(join(machine.dataDir, 'agents', agent.id)),
      5_000,
      'its files removed there',
    );
  });

  it("makes an agent's worktree on its remote host (through that machine, in its data folder there), removes it there on close; an unreachable host keeps it, saying why", async () => {
    const { call, machine, addHost, links } = fleetWithHosts();
    await addHost('box');
    const repo = gitRepository();
    cleanup.push(() => rmSync(repo, { recursive: true, force: true }));
    const spawn = (name: string) =>
      call<Agent>('agent.spawn', {
        name,
        kind: 'shell',
        host: 'box',
        cwd: repo,
        worktree: { branch: `agent/${name}` },
      });
    const agent = await spawn('far');
    const path = join(machine.dataDir, 'worktrees', `${basename(repo)}-agent-far`);
    expect(agent.worktree).toEqual({ path, branch: 'agent/far', base: 'HEAD', repository: repo });
    expect(agent.cwd).toBe(path);
    expect(existsSync(join(path, 'README.md'))).toBe(true);
    // git ran there, never prompting.
    expect(machine.ran).toContainEqual([
      'env',
      'GIT_TERMINAL_PROMPT=0',
      'git',
      '-C',
      repo,
      'worktree',
      'add',
      '-b',
      'agent/far',
      '--',
      path,
      'HEAD',
    ]);
    expect(await call('agent.close', { agent: 'far' })).toEqual({
      agentId: agent.id,
      worktree: { path, removed: true },
    });
    expect(existsSync(path)).toBe(false);

    const kept = await spawn('kept');
    links.get('box')!.cut();
    const closed = await call<{ worktree: { removed: boolean; reason: string } }>('agent.close', {
      agent: 'kept',
    });
    expect(closed.worktree).toMatchObject({ path: kept.worktree!.path, removed: false });
    expect(closed.worktree.reason).toMatch(/host "box"/);
    expect(existsSync(kept.worktree!.path)).toBe(true);
  });

  it("a Gemini CLI agent there gets that machine's own system settings merged into its settings file, never this machine's", async () => {
    const local = join(mkdtempSync(join(tmpdir(), 'sb-gemini-here-')), 'settings.json');
    writeFileSync(local, JSON.stringify({ onlyHere: true }));
    const saved = process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
    process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = local;
    cleanup.push(() => {
      if (saved === undefined) delete process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
      else process.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] = saved;
      rmSync(dirname(local), { recursive: true, force: true });
    });
    const theirs = { general: { vimMode: true }, mcpServers: { theirs: { command: 'their-server' } } };
    const { call, machine, addHost } = fleetWithHosts({
      '/etc/gemini-cli/settings.json': JSON.stringify(theirs),
    });
    await addHost('box');
    const agent = await call<Agent>('agent.spawn', { name: 'far-gemini', kind: 'gemini', host: 'box' });
    const path = join(machine.dataDir, 'agents', agent.id, 'gemini-settings.json');
    expect(machine.read(join(machine.dataDir, 'agents', `${agent.id}.launch`))).toContain(
      `GEMINI_CLI_SYSTEM_SETTINGS_PATH=${path}`,
    );
    const settings = JSON.parse(machine.read(path)) as Record<string, unknown> & {
      mcpServers: Record<string, unknown>;
    };
    expect(settings['general']).toEqual({ vimMode: true });
    expect(Object.keys(settings.mcpServers).sort()).toEqual(['switchboard', 'theirs']);
    expect(settings['onlyHere']).toBeUndefined();
  });

  it("a dropped connection makes only that host's agents unreachable; back, they keep their panes", async () => {
    const { call, links, addHost, agent } = fleetWithHosts();
    await addHost('box');
    await call('agent.spawn', { name: 'here', kind: 'shell' });
    const far = await call<Agent>('agent.spawn', { name: 'far', kind: 'shell', host: 'box' });
    links.get('box')!.cut();
    await eventually(() => agent('far').state === 'unreachable', 5_000, 'far unreachable');
    expect(agent('here').state).not.toBe('unreachable');
    links.get('box')!.restore(50);
    await eventually(() => agent('far').state !== 'unreachable', 5_000, 'far back');
    expect(agent('far').paneId).toBe(far.paneId);
  });

  it('an agent spawns on a remote host only if its role lists that host; the human on any', async () => {
    const { call, addHost, orchestrator, events } = fleetWithHosts();
    await addHost('box');
    await addHost('gpu');
    const lead = await call<Agent>('agent.spawn', { name: 'lead', kind: 'shell', role: 'orchestrator' });
    const asLead = (input: object) =>
      orchestrator.invoke({ kind: 'agent', id: lead.id }, 'agent.spawn', { kind: 'shell', ...input });
    // By default an agent's spawns stay on this machine.
    await asLead({ name: 'near' });
    await expect(asLead({ name: 'far', host: 'box' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'host:box', role: 'orchestrator' },
    });
    await call('role.update', { name: 'orchestrator', hosts: ['box'] });
    expect((await asLead({ name: 'far', host: 'BOX' })) as Agent).toMatchObject({ host: 'box' });
    await expect(asLead({ name: 'farther', host: 'gpu' })).rejects.toMatchObject({ code: 'forbidden' });
    // The human may use any host; a hostile entry in a role's list is refused at the contract.
    await call('agent.spawn', { name: 'mine', kind: 'shell', host: 'gpu' });
    await expect(
      call('role.update', { name: 'orchestrator', hosts: ['-oProxyCommand=sh'] }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const listed = await call<{ roles: { name: string; hosts: string[] }[] }>('role.list', {});
    expect(listed.roles.find((r) => r.name === 'orchestrator')!.hosts).toEqual(['box']);
    expect(
      events.filter((e) => e.type === 'agent.spawned').map((e) => (e as { agent: Agent }).agent.name),
    ).toEqual(['lead', 'near', 'far', 'mine']);
  });
});
