// The tmux backend against the embedded iTerm2-API server, in one run on the same machine:
// (1) keystroke → screen: text typed into a pane running `cat` until the backend's own screen read shows
//     it (woken by the backend's `pane.output` event), rounds interleaved so load hits all alike; where a
//     real sshd can run (root, Debian openssh-server: CI), also tmux on "another machine" through ssh to
//     127.0.0.1 (docs/remote.md: control mode over one ssh connection), so ssh's own cost is measured;
// (2) 100 idle panes on one tmux server vs on the embedded server: time to create them, then CPU while
//     idle (this process — for the embedded server that includes the server itself — plus, for tmux,
//     the tmux server process read from /proc).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalBackend } from '../packages/core/src/index';
import { ITerm2Backend, staticAuth } from '../packages/iterm-bridge/src/index';
import { startSimServer } from '../packages/iterm-bridge/src/sim/index';
import { TmuxBackend } from '../packages/tmux-bridge/src/index';
import { sshAvailable, startSshServer } from '../packages/tmux-bridge/test/ssh-server';
import { BENCH_BASH } from './support/sim-stack';
import { report, summarize, size, SMOKE } from './stats';

const SAMPLES = size('BENCH_RUNS', 60, { stress: 300, smoke: 3 });
const PANES = size('BENCH_PANES', 100, { smoke: 3 });
const IDLE_MS = size('BENCH_IDLE_MS', 4_000, { stress: 10_000, smoke: 300 });
const folder = mkdtempSync(join(tmpdir(), 'sb-bench-tmux-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Before anything is timed: a pane's shell starts `cat`, new panes settle (shorter in the smoke run). */
const settle = (ms: number) => sleep(SMOKE ? 300 : ms);

const tmuxSocket = join(folder, 'tmux.sock');
const remoteSocket = join(folder, 'remote-tmux.sock');
const sshd = sshAvailable ? await startSshServer() : undefined;
// The tmux servers are daemons: a bench that fails half-way must not leave them and their 100 shells behind.
process.on('exit', () => {
  spawnSync('tmux', ['-S', tmuxSocket, 'kill-server']);
  spawnSync('tmux', ['-S', remoteSocket, 'kill-server']);
  sshd?.dispose();
  rmSync(folder, { recursive: true, force: true });
});
const tmux = await TmuxBackend.connect({ socketPath: tmuxSocket });
const overSsh = sshd ? await TmuxBackend.connect({ socketPath: remoteSocket, ssh: sshd.target }) : undefined;
const simSocket = join(folder, 'sim.sock');
const server = await startSimServer({ unixPath: simSocket });
const sim = await ITerm2Backend.connect({
  endpoint: { socketPath: simSocket },
  auth: staticAuth({}),
  advisoryName: 'bench',
});

async function echoPane(backend: TerminalBackend) {
  const pane = await backend.createPane({ command: BENCH_BASH });
  await backend.sendText(pane.id, 'stty -echoctl; clear; cat\r');
  await settle(1000);
  return pane.id;
}

/** ms from typing `marker` until the backend's screen shows it, re-reading on each pane.output. */
async function keystroke(backend: TerminalBackend, paneId: string, marker: string): Promise<number> {
  let wake: () => void = () => undefined;
  const off = backend.onEvent((e) => e.type === 'pane.output' && e.paneId === paneId && wake());
  try {
    const start = performance.now();
    await backend.sendText(paneId, `${marker}\r`);
    const deadline = start + 5_000;
    while (performance.now() < deadline) {
      if ((await backend.readScreen(paneId)).lines.some((l) => l.includes(marker)))
        return performance.now() - start;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return NaN;
  } finally {
    off();
  }
}

const tmuxPane = await echoPane(tmux);
const simPane = await echoPane(sim);
const sshPane = overSsh ? await echoPane(overSsh) : undefined;
const latency = { tmux: [] as number[], sim: [] as number[], ssh: [] as number[] };
for (let i = -5; i < SAMPLES; i++) {
  const t = await keystroke(tmux, tmuxPane, `t${i + 5}q`);
  const s = await keystroke(sim, simPane, `s${i + 5}q`);
  const r = overSsh && sshPane ? await keystroke(overSsh, sshPane, `r${i + 5}q`) : NaN;
  if (i >= 0) {
    latency.tmux.push(t);
    latency.sim.push(s);
    if (overSsh) latency.ssh.push(r);
  }
  if ((i + 5) % 20 === 19) {
    await tmux.sendText(tmuxPane, '\x0c');
    await sim.sendText(simPane, '\x0c');
    if (overSsh && sshPane) await overSsh.sendText(sshPane, '\x0c');
  }
}
await overSsh?.close();

const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, clock ticks (100/s) → ms
};
const tmuxPid = Number(
  spawnSync('tmux', ['-S', tmuxSocket, 'display-message', '-p', '#{pid}'], {
    encoding: 'utf8',
  }).stdout.trim(),
);

async function fleet(backend: TerminalBackend, serverPid?: number) {
  const created = performance.now();
  const first = await backend.createPane({ command: BENCH_BASH });
  for (let i = 1; i < PANES; i++)
    await backend.createPane({ command: BENCH_BASH, placement: { kind: 'tab', windowId: first.windowId } });
  const createMs = performance.now() - created;
  await settle(1500);
  const cpu0 = process.cpuUsage();
  const server0 = serverPid ? cpuOf(serverPid) : 0;
  const wall0 = performance.now();
  await sleep(IDLE_MS);
  const wall = performance.now() - wall0;
  const used = process.cpuUsage(cpu0);
  const hostCpu = (used.user + used.system) / 1000 / wall;
  const serverCpu = serverPid ? (cpuOf(serverPid) - server0) / wall : 0;
  return { createMs, hostCpuPct: hostCpu * 100, serverCpuPct: serverCpu * 100 };
}
const tmuxFleet = await fleet(tmux, tmuxPid);
const simFleet = await fleet(sim);

await tmux.close();
await sim.close();
await server.close();

const t = summarize(latency.tmux.filter(Number.isFinite));
const s = summarize(latency.sim.filter(Number.isFinite));
const r = summarize(latency.ssh.filter(Number.isFinite));
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
await report(
  'tmux',
  {
    'keystroke → screen, embedded iTerm2-API server (baseline)': { n: s.n, p50_ms: s.p50, p99_ms: s.p99 },
    'keystroke → screen, tmux control mode': {
      n: t.n,
      p50_ms: t.p50,
      p99_ms: t.p99,
      p50_ratio: t.p50 / s.p50,
      p99_ratio: t.p99 / s.p99,
    },
    ...(overSsh
      ? {
          'keystroke → screen, tmux control mode over ssh (127.0.0.1)': {
            n: r.n,
            p50_ms: r.p50,
            p99_ms: r.p99,
            p50_ratio: r.p50 / s.p50,
            p99_ratio: r.p99 / s.p99,
            p50_vs_local_tmux: r.p50 / t.p50,
          },
        }
      : {}),
    [`${PANES} idle panes, embedded server`]: {
      create_ms: simFleet.createMs,
      host_cpu_pct: simFleet.hostCpuPct,
      server_cpu_pct: 0,
    },
    [`${PANES} idle panes, tmux`]: {
      create_ms: tmuxFleet.createMs,
      host_cpu_pct: tmuxFleet.hostCpuPct,
      server_cpu_pct: tmuxFleet.serverCpuPct,
      create_ratio: tmuxFleet.createMs / simFleet.createMs,
    },
  },
  {
    samples: SAMPLES,
    missed: { tmux: latency.tmux.length - t.n, sim: latency.sim.length - s.n, ssh: latency.ssh.length - r.n },
    overSsh: overSsh ? 'sshd on 127.0.0.1' : 'skipped: needs sshd and root',
    loadavg: load,
  },
);
process.exit(0);
