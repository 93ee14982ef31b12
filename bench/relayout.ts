// Re-layout of a fleet (agents × teams) vs creating the same number of panes fresh, same run.
// BENCH_BACKEND=sim (default: the embedded iTerm2-API server over its unix socket, real shells) or memory.
// BENCH_AGENTS (default 50), BENCH_TEAMS (default 5), BENCH_N re-layouts (default 6).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import type { TerminalBackend } from '@switchboard/core';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer } from '@switchboard/iterm-bridge/sim';
import { humanCaller } from '@switchboard/protocol';
import { report, summarize, size } from './stats';

const kind = process.env['BENCH_BACKEND'] === 'memory' ? 'memory' : 'sim';
const AGENTS = size('BENCH_AGENTS', 50, { smoke: 4 });
const TEAMS = size('BENCH_TEAMS', 5, { smoke: 2 });
const N = size('BENCH_N', 6, { smoke: 1 });
const SHELL = '/bin/bash --norc --noprofile';
const closers: (() => Promise<unknown>)[] = [];

async function terminal(): Promise<TerminalBackend> {
  if (kind === 'memory') return createMemoryBackend();
  const socketPath = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), 'iterm2.sock');
  const server = await startSimServer({ unixPath: socketPath });
  const backend = await ITerm2Backend.connect({
    endpoint: { socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  closers.push(
    () => backend.close(),
    () => server.close(),
  );
  return backend;
}

const time = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

// Baseline: the same number of panes created fresh: a window per team, the rest as tabs of it (repeated
// splits of one pane soon hit the server's minimum pane size, CANNOT_SPLIT, like iTerm2).
const fresh = await terminal();
const freshMs = await time(async () => {
  for (let t = 0; t < TEAMS; t++) {
    const { windowId } = await fresh.createPane({ command: SHELL });
    for (let a = 1; a < AGENTS / TEAMS; a++)
      await fresh.createPane({ command: SHELL, placement: { kind: 'tab', windowId } });
  }
});

// The fleet: spawn it, then re-lay it out repeatedly by switching presets and dragging agents across teams.
const backend = await terminal();
const orchestrator = createOrchestrator({
  databasePath: ':memory:',
  backend,
  dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-data-')),
  hostUrl: () => '',
});
const call = (name: string, input: unknown) => orchestrator.invoke(humanCaller, name, input);
for (let t = 0; t < TEAMS; t++) await call('team.create', { name: `t${t}` });
const spawnMs = await time(async () => {
  for (let a = 0; a < AGENTS; a++)
    await call('agent.spawn', { name: `agent-${a}`, kind: 'custom', command: SHELL, team: `t${a % TEAMS}` });
});
const pidsBefore = new Map((await backend.listPanes()).map((p) => [p.id, p.pid]));
const presets = ['team-grid', 'quad', 'agent-tabs', 'team-windows'];
const presetSamples: number[] = [];
const moveSamples: number[] = [];
for (let i = 0; i < N; i++) {
  presetSamples.push(await time(() => call('layout.apply', { preset: presets[i % presets.length] })));
  moveSamples.push(
    await time(() => call('agent.move', { agent: `agent-${i}`, team: `t${(i + 1) % TEAMS}` })),
  );
}
await call('layout.apply', { preset: 'team-windows' });
const pidsAfter = new Map((await backend.listPanes()).map((p) => [p.id, p.pid]));
const kept = [...pidsBefore].filter(([id, pid]) => pidsAfter.get(id) === pid).length;

const presetStats = summarize(presetSamples);
const moveStats = summarize(moveSamples);
await report(
  'relayout',
  {
    [`create ${AGENTS} panes fresh (ms)`]: { n: 1, p50: freshMs, p99: freshMs, mean: freshMs },
    [`spawn ${AGENTS} agents with launcher + layout (ms)`]: {
      n: 1,
      p50: spawnMs,
      p99: spawnMs,
      mean: spawnMs,
    },
    [`layout.apply preset switch, ${AGENTS} agents (ms)`]: { ...presetStats },
    ['agent.move across teams (ms)']: { ...moveStats },
    ['ratio preset switch / create fresh']: {
      n: N,
      p50: presetStats.p50 / freshMs,
      p99: presetStats.p99 / freshMs,
      mean: presetStats.mean / freshMs,
    },
    ['ratio agent.move / create fresh']: {
      n: N,
      p50: moveStats.p50 / freshMs,
      p99: moveStats.p99 / freshMs,
      mean: moveStats.mean / freshMs,
    },
  },
  {
    backend: kind === 'sim' ? 'embedded iTerm2-API server (unix socket, real shells)' : 'memory',
    agents: AGENTS,
    teams: TEAMS,
    panesKeptTheirPid: `${kept}/${pidsBefore.size}`,
  },
);
await orchestrator.close();
for (const close of closers.reverse()) await close().catch(() => undefined);
process.exit(0);
