// The fleet on the embedded iTerm2-API server, core attached over its unix socket (as the host does
// with --backend iterm2 --iterm2-socket): 3 teams × 4 agents, one dragged across teams, then the
// host "crashes" (abandoned without closing) and a new one re-binds the fleet from SQLite.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrchestrator, panesOf } from '@switchboard/core';
import type { Orchestrator, TerminalBackend } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer, type SimServer } from '@switchboard/iterm-bridge/sim';
import { humanCaller, type Agent } from '@switchboard/protocol';

const QUIET_BASH = '/bin/bash --norc --noprofile';
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function attach(socketPath: string): Promise<ITerm2Backend> {
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  cleanups.push(() => backend.close());
  return backend;
}

function core(backend: TerminalBackend, dataDir: string): Orchestrator {
  return createOrchestrator({
    databasePath: join(dataDir, 'switchboard.db'),
    backend,
    dataDir,
    hostUrl: () => 'http://127.0.0.1:1',
  });
}

describe('fleet on the embedded iTerm2-API server', () => {
  let server: SimServer;
  let socketPath: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-fleet-sim-'));

  it("drags one agent across teams: the server's trees show the move, the shell keeps its PID and scrollback; a crashed host re-binds everything", async () => {
    socketPath = join(mkdtempSync(join(tmpdir(), 'sb-sock-')), 'iterm2.sock');
    server = await startSimServer({ unixPath: socketPath });
    cleanups.push(() => server.close());

    const backend = await attach(socketPath);
    const first = core(backend, dataDir);
    const call = <T>(name: string, input: unknown) => first.invoke(humanCaller, name, input) as Promise<T>;
    for (let t = 0; t < 3; t++) await call('team.create', { name: `t${t}` });
    const agents: Agent[] = [];
    for (let t = 0; t < 3; t++) {
      for (let a = 0; a < 4; a++)
        agents.push(
          await call<Agent>('agent.spawn', {
            name: `t${t}-a${a}`,
            kind: 'custom',
            command: QUIET_BASH,
            team: `t${t}`,
          }),
        );
    }
    const layout = await backend.getLayout();
    expect(layout.windows.map((w) => w.tabs.map((t) => panesOf(t.root)))).toEqual(
      [0, 1, 2].map((t) => [agents.slice(t * 4, t * 4 + 4).map((a) => a.paneId)]),
    );

    const mover = agents[5]!; // t1-a1
    // The launcher ran the CLI with the agent's id and token in its environment (lengths only: panes are narrow, tokens stay off screen).
    await backend.sendText(mover.paneId!, 'echo M-$((6*7))-${#SWITCHBOARD_AGENT}-${#SWITCHBOARD_TOKEN}\r');
    await eventually(
      async () =>
        (await backend.readScreen(mover.paneId!)).lines.some((l) => l.includes(`M-42-${mover.id.length}-43`)),
      30_000,
      'the marker on screen',
    );
    const pidBefore = await eventually(
      async () => (await backend.listPanes()).find((p) => p.id === mover.paneId)?.pid ?? undefined,
      30_000,
      'the pid',
    );

    const moved = await call<Agent>('agent.move', { agent: mover.name, team: 't2', position: 0 });
    expect(moved.paneId).toBe(mover.paneId);
    const after = await backend.getLayout();
    const tabs = after.windows.map((w) => w.tabs.map((t) => panesOf(t.root)));
    expect(tabs).toEqual([
      [agents.slice(0, 4).map((a) => a.paneId)],
      [[agents[4], agents[6], agents[7]].map((a) => a!.paneId)],
      [[mover, ...agents.slice(8, 12)].map((a) => a!.paneId)],
    ]);
    expect(after.windows.map((w) => w.windowId)).toEqual(layout.windows.map((w) => w.windowId));
    expect((await backend.listPanes()).find((p) => p.id === mover.paneId)?.pid).toBe(pidBefore);
    expect(
      (await backend.readScreen(mover.paneId!)).lines.some((l) => l.includes(`M-42-${mover.id.length}-43`)),
    ).toBe(true);

    // The host dies without closing anything; one pane is closed while it is down.
    const vanished = agents[0]!;
    const outsider = await attach(socketPath);
    await outsider.closePane(vanished.paneId!);

    const second = core(await attach(socketPath), dataDir);
    cleanups.push(() => second.close());
    await second.ready;
    const snapshot = (await second.invoke(humanCaller, 'fleet.snapshot', {})) as { agents: Agent[] };
    expect(snapshot.agents).toHaveLength(12);
    for (const agent of agents.filter((a) => a !== vanished)) {
      expect(snapshot.agents.find((a) => a.id === agent.id)).toMatchObject({ paneId: agent.paneId });
    }
    expect(snapshot.agents.find((a) => a.id === vanished.id)).toMatchObject({ state: 'lost', paneId: null });
    expect(snapshot.agents.find((a) => a.id === mover.id)?.teamId).toBe(moved.teamId);
    const back = (await second.invoke(humanCaller, 'agent.restart', { agent: vanished.name })) as Agent;
    expect(back.paneId).not.toBeNull();
  }, 240_000);

  it("an agent's pane runs its CLI and nothing else: the launcher exec'd it, no token on any command line, the launch file gone", async () => {
    if (!existsSync('/proc/self/stat')) return; // reads Linux's /proc; the launcher's exec is the same on macOS
    const sock = join(mkdtempSync(join(tmpdir(), 'sb-sock-')), 'iterm2.sock');
    const sim = await startSimServer({ unixPath: sock });
    cleanups.push(() => sim.close());
    const folder = mkdtempSync(join(tmpdir(), 'sb-fleet-exec-'));
    const backend = await attach(sock);
    const orchestrator = core(backend, folder);
    cleanups.push(() => orchestrator.close());
    const { agent, token } = await orchestrator.fleet.spawn({
      name: 'idle',
      kind: 'custom',
      command: 'sleep 300',
      role: 'builder',
    });
    const panePid = await eventually(
      async () => (await backend.listPanes()).find((p) => p.id === agent.paneId)?.pid ?? undefined,
      30_000,
      "the pane's pid",
    );
    // The terminal's own process (here the embedded server's `sh -c`, in iTerm2 its login) has one child: the CLI itself.
    const cli = await eventually(
      () => {
        const children = descendantsOf(panePid);
        return children.length === 1 && commandLineOf(children[0]!)[0] === 'sleep' ? children[0] : undefined;
      },
      30_000,
      "the CLI in the launcher's place",
    );
    expect(commandLineOf(cli!)).toEqual(['sleep', '300']);
    expect(readFileSync(`/proc/${cli}/environ`, 'utf8').split('\0')).toContain(`SWITCHBOARD_TOKEN=${token}`);
    expect(existsSync(join(folder, 'agents', `${agent.id}.launch`))).toBe(false);
    // No process on the machine shows the token on its command line (what `ps` would print).
    const pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
    expect(pids.filter((pid) => commandLineOf(pid).join(' ').includes(token))).toEqual([]);
  }, 120_000);
});

/** A process's command line as `ps` shows it ([] once it is gone). */
function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Every live process below `root`. */
function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}
