/**
 * Start-up of the `switchboard` CLI, run from its compiled bundle (apps/headless/bin/compiled-entry.js) against
 * the same command through tsx (SWITCHBOARD_TSX=1), same run, alternating: `switchboard hook` (Claude Code runs
 * one per hook event and waits for it) and `switchboard start` (a host: every e2e spec starts one) up to the
 * printed URLs. Per process: wall milliseconds and the CPU milliseconds it used (user + system: a hook's read in
 * the process as it exits, a host's from /proc when its URLs are printed). Run: `npx tsx bench/cli-start.ts` (BENCH_RUNS hooks, a fifth as many starts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { legs, report, size, summarize } from './stats';

const RUNS = size('BENCH_RUNS', 20, { stress: 100, smoke: 1 });
const STARTS = Math.max(1, Math.round(RUNS / 4));
const repository = resolve(import.meta.dirname, '..');
const cli = join(repository, 'apps/headless/bin/switchboard.js');
// Written by the measured process as it exits, on fd 3: its own CPU time (no child's, no shell's).
const cpuAtExit = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); " +
    'try { writeSync(3, JSON.stringify((u.user + u.system) / 1000)); } catch {} });',
)}`;

/**
 * A running process's CPU milliseconds so far (user + system, Linux's /proc in clock ticks of 10 ms); undefined
 * elsewhere, where the time reported at exit is used (for a host, it then includes its shutdown).
 */
function cpuSoFar(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

type Mode = 'tsx' | 'compiled';
interface Sample {
  wallMs: number;
  cpuMs: number;
}

// The bundles exist before anything is timed (as after `npm test`'s build step or a first run).
const built = spawnSync(process.execPath, [join(repository, 'apps/headless/bin/compiled-entry.js')], {
  stdio: 'inherit',
});
if (built.status !== 0) throw new Error('the CLI bundles could not be built');

function run(mode: Mode, args: string[], readyWhen?: RegExp): Promise<Sample> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', cpuAtExit, cli, ...args], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, SWITCHBOARD_TSX: mode === 'tsx' ? '1' : '', SWITCHBOARD_TOKEN: '' },
    });
    let output = '';
    let cpu = '';
    let wallMs: number | undefined;
    let cpuAtReady: number | undefined;
    child.stdio[3]!.on('data', (d: Buffer) => (cpu += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (readyWhen && wallMs === undefined && readyWhen.test(output)) {
        wallMs = performance.now() - started;
        cpuAtReady = cpuSoFar(child.pid!);
        child.kill('SIGTERM');
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const cpuMs = cpuAtReady ?? Number(cpu);
      if (Number.isNaN(cpuMs) || (cpuAtReady === undefined && !cpu))
        return fail(new Error(`${mode} ${args[0]}: no CPU reported\n${output}`));
      if (readyWhen && wallMs === undefined)
        return fail(new Error(`${mode} ${args[0]}: never ready\n${output}`));
      done({ wallMs: wallMs ?? performance.now() - started, cpuMs });
    });
    // The event a Claude Code Stop hook sends; without a token the hook reports nothing and exits, as it must.
    child.stdin!.end(args[0] === 'hook' ? JSON.stringify({ hook_event_name: 'Stop' }) : '');
  });
}

const samples: Record<string, Sample[]> = {};
const add = (key: string, sample: Sample) => (samples[key] ??= []).push(sample);
const modes = ['tsx', 'compiled'] as const;
const hook = (mode: Mode) => async () => void add(`hook ${mode}`, await run(mode, ['hook']));
const start = (mode: Mode) => async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-start-'));
  const args = ['start', '--no-open', '--port', '0', '--data-dir', dataDir, '--backend', 'memory'];
  add(`start ${mode}`, await run(mode, args, /MCP:\s+\S+/));
  rmSync(dataDir, { recursive: true, force: true });
};
// The modes alternating, hooks then starts; side by side in the smoke run (legs()).
await legs<void>([
  ...Array.from({ length: RUNS }, () => modes.map(hook)).flat(),
  ...Array.from({ length: STARTS }, () => modes.map(start)).flat(),
]);

const rows: Record<string, Record<string, number>> = {};
for (const command of ['hook', 'start']) {
  const label = command === 'hook' ? 'switchboard hook' : 'switchboard start';
  const of = (mode: Mode, key: keyof Sample) => summarize(samples[`${command} ${mode}`]!.map((s) => s[key]));
  for (const key of ['cpuMs', 'wallMs'] as const) {
    const tsx = of('tsx', key);
    const compiled = of('compiled', key);
    // A host's wall and CPU time are to its printed URLs (CPU from /proc; elsewhere up to its exit).
    const unit = key === 'cpuMs' ? 'CPU ms' : command === 'hook' ? 'wall ms' : 'wall ms to URLs';
    rows[`${label}, tsx: ${unit}`] = { ...tsx };
    rows[`${label}, compiled: ${unit}`] = { ...compiled };
    rows[`${label}: ratio compiled / tsx, ${unit}`] = {
      n: compiled.n,
      p50: compiled.p50 / tsx.p50,
      p99: compiled.p99 / tsx.p99,
      mean: compiled.mean / tsx.mean,
    };
  }
}
await report('cli-start', rows, {
  hooks: RUNS,
  starts: STARTS,
  loadAverage: loadavg(),
  what: 'the same CLI command from the compiled bundle vs through tsx (SWITCHBOARD_TSX=1), alternating',
});
