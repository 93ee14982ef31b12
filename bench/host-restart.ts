/**
 * How long a crash recovery takes with recordings on vs off (issue 25): a real host (`startHost` attached to the
 * embedded iTerm2-API server in its own process) with N agents printing (10 lines/s each) is closed and started
 * again on the same data, recordings on and off in turns (so the neighbours' load hits both alike). Per restart:
 * the close, the start (`startHost` until the orchestrator is ready) and until every agent is `working` again,
 * and the host's CPU over the whole restart (agents' states are kept, so "working" is usually at once). N = 20 (`AGENTS=n`; STRESS=1: 200; smoke: 2), ROUNDS restarts of
 * each kind (default 3, smoke 1).
 * Prints JSON and a table; writes bench/results/host-restart.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHost, type Host } from '../packages/host/src/index';
import { report, size, summarize, STRESS } from './stats';
import { spawnShellAgents } from './support/printers';
import { startSimProcess } from './support/sim-process';
import { phaseLog, sleep, waitFor } from './support/waiting';

const AGENTS = size('AGENTS', 20, { stress: 200, smoke: 2 });
const ROUNDS = size('ROUNDS', 3, { smoke: 1 });
/** `read -t` (a bash builtin) paces the loop: a `sleep` process per line would be N×10 forks a second. */
const PRINT_LOOP = 'while true; do echo "building module $RANDOM"; read -t 0.1; done\r';
/** How long the host runs between restarts (its recorder writes chunks and indexes lines meanwhile). */
const RUN_MS = size('RUN_MS', 5_000, { smoke: 500 });
/**
 * DETECTION_OFF_FIRST=1: state detection is switched off in the running host before each restart, as
 * bench/host-cpu does before its restarts (its windows without detection); the restarted host must then
 * tell every agent is working again.
 */
const DETECTION_OFF_FIRST = process.env['DETECTION_OFF_FIRST'] === '1';
/** FIRST=off: the first restart is the one with recordings off (default: on first, then off, in turns). */
const FIRST_OFF = process.env['FIRST'] === 'off';
const phase = phaseLog('host-restart');

interface Restart {
  closeMs: number;
  startMs: number;
  workingMs: number;
  totalMs: number;
  cpuMs: number;
}

async function main() {
  const sim = await startSimProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-restart-'));
  const agents: { id: string; paneId: string }[] = [];
  const start = (recordings: boolean) =>
    startHost({
      dataDir,
      port: 0,
      backend: 'iterm2',
      iterm2Socket: sim.socketPath,
      writeHostFile: false,
      recordings: { enabled: recordings },
    });
  let host: Host | undefined;
  try {
    host = await start(true);
    const { orchestrator } = host;
    await orchestrator.ready;
    agents.push(...(await spawnShellAgents(orchestrator, AGENTS)));
    const all = (h: Host, state: string) => () =>
      agents.every((a) => h.orchestrator.health.get(a.id).state === state);
    await waitFor(all(host, 'idle'), 180_000, 'every agent idle');
    for (const agent of agents) await host.backend.sendText(agent.paneId, PRINT_LOOP);
    await waitFor(all(host, 'working'), 180_000, 'every agent working');
    phase(`${AGENTS} agents printing`);
    await sleep(RUN_MS);

    const restarts: Record<'on' | 'off', Restart[]> = { on: [], off: [] };
    for (let round = 0; round < ROUNDS * 2; round++) {
      const recordings = (round + (FIRST_OFF ? 1 : 0)) % 2 === 0 ? 'on' : 'off';
      if (DETECTION_OFF_FIRST) {
        host.orchestrator.health.close();
        await sleep(RUN_MS);
      }
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await host.close();
      const t1 = performance.now();
      host = await start(recordings === 'on');
      await host.orchestrator.ready;
      const t2 = performance.now();
      await waitFor(all(host, 'working'), 300_000, 'every agent working after the restart');
      const t3 = performance.now();
      const cpu = process.cpuUsage(cpu0);
      const restart = {
        closeMs: t1 - t0,
        startMs: t2 - t1,
        workingMs: t3 - t2,
        totalMs: t3 - t0,
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
      restarts[recordings].push(restart);
      phase(
        `restart ${round + 1}, recordings ${recordings}: ${JSON.stringify(restart, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
      );
      await sleep(RUN_MS);
    }
    const p50 = (mode: 'on' | 'off', key: keyof Restart) => summarize(restarts[mode].map((r) => r[key])).p50;
    const row = (mode: 'on' | 'off') => ({
      'close (ms)': p50(mode, 'closeMs'),
      'start until ready (ms)': p50(mode, 'startMs'),
      'until every agent working (ms)': p50(mode, 'workingMs'),
      'whole restart (ms)': p50(mode, 'totalMs'),
      'host CPU (ms)': p50(mode, 'cpuMs'),
    });
    await report(
      'host-restart',
      {
        [`${AGENTS} printing agents, recordings on (p50 of ${ROUNDS})`]: row('on'),
        [`${AGENTS} printing agents, recordings off (p50 of ${ROUNDS})`]: row('off'),
        'ratio on / off': {
          'whole restart': p50('on', 'totalMs') / p50('off', 'totalMs'),
          'host CPU': p50('on', 'cpuMs') / p50('off', 'cpuMs'),
        },
      },
      {
        agents: AGENTS,
        rounds: ROUNDS,
        detectionOffFirst: DETECTION_OFF_FIRST,
        stress: STRESS,
        loadAverage: loadavg(),
        restarts,
      },
    );
  } finally {
    await host?.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
