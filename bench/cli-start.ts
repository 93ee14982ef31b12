/**
 * Start-up of the `switchboard` CLI, from its compiled bundles (apps/headless/bin/compiled-entry.js), per command, against
 * a bare `node -e 0` in the same run (what any Node process costs here): `--version`, `--help`, `logs` (an ordinary
 * command, on an empty data folder), `hook` (Claude Code runs one per hook event and waits for it), `mcp` (the stdio
 * relay a stdio-only MCP client starts per session: to its answers to `initialize` and `tools/list` from a running host) and
 * `start` (a host: every e2e spec starts one) up to its printed URLs, and up to the answer to a first tool call over
 * HTTP (`initialize`, then `tools/call`: what an agent's first call costs the host). Per process: wall milliseconds and
 * the CPU milliseconds it used (user + system: read in the process as it exits; a host's from /proc when its URLs are
 * printed and when the call is answered).
 *
 * BENCH_CLI_BEFORE=<checkout> runs every command from that checkout's bin/switchboard.js too, taking turns with this
 * one (an A/B in one run: a checkout of an older commit with its dependencies installed or linked).
 * Run: `npx tsx bench/cli-start.ts` (BENCH_RUNS processes per command, a fifth as many host starts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { legs, report, size, summarize, type Summary } from './stats';

const RUNS = size('BENCH_RUNS', 20, { stress: 100, smoke: 1 });
const STARTS = Math.max(1, Math.round(RUNS / 4));
const repository = resolve(import.meta.dirname, '..');
const before = process.env['BENCH_CLI_BEFORE'];
const trees: Record<string, string> = { now: repository, ...(before ? { before: resolve(before) } : {}) };
const cliOf = (tree: string) => join(trees[tree]!, 'apps/headless/bin/switchboard.js');
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

interface Sample {
  wallMs: number;
  cpuMs: number;
}

// The bundles exist before anything is timed (as after `npm test`'s build step or a first run).
for (const tree of Object.keys(trees)) {
  const built = spawnSync(process.execPath, [join(trees[tree]!, 'apps/headless/bin/compiled-entry.js')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error(`the CLI bundles of ${trees[tree]} could not be built`);
}

interface Run {
  /** Arguments after `node --import <cpu at exit>`. */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** What stdin gets; the process is measured to its exit (stdin ended after this resolves). */
  talk?: (write: (text: string) => void, stdout: () => string) => Promise<void>;
  /** A host: measured to this line on stdout, then stopped (wall and CPU so far), or kept running. */
  readyWhen?: RegExp;
  keep?: (child: ChildProcess) => void;
}

function run(label: string, { argv, env = {}, talk, readyWhen, keep }: Run): Promise<Sample> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', cpuAtExit, ...argv], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, SWITCHBOARD_TSX: '', SWITCHBOARD_TOKEN: '', ...env },
    });
    let stdout = '';
    let output = '';
    let cpu = '';
    let wallMs: number | undefined;
    let cpuAtReady: number | undefined;
    child.stdio[3]!.on('data', (d: Buffer) => (cpu += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
      if (readyWhen && wallMs === undefined && readyWhen.test(output)) {
        wallMs = performance.now() - started;
        cpuAtReady = cpuSoFar(child.pid!);
        if (keep) {
          keep(child);
          done({ wallMs, cpuMs: cpuAtReady ?? NaN });
        } else child.kill('SIGTERM');
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', () => {
      if (keep) return;
      const cpuMs = cpuAtReady ?? Number(cpu);
      if (Number.isNaN(cpuMs) || (cpuAtReady === undefined && !cpu))
        return fail(new Error(`${label}: no CPU reported\n${output}`));
      if (readyWhen && wallMs === undefined) return fail(new Error(`${label}: never ready\n${output}`));
      done({ wallMs: wallMs ?? performance.now() - started, cpuMs });
    });
    if (!talk) child.stdin!.end();
    else
      void talk(
        (text) => child.stdin!.write(text),
        () => stdout,
      ).then(
        () => child.stdin!.end(),
        (error: Error) => fail(new Error(`${label}: ${error.message}\n${output}`)),
      );
  });
}

const samples: Record<string, Sample[]> = {};
const add = (key: string, sample: Sample) => (samples[key] ??= []).push(sample);
const hostArgs = (dataDir: string) => [
  'start',
  '--no-open',
  '--port',
  '0',
  '--data-dir',
  dataDir,
  '--backend',
  'memory',
];

// The host every `mcp` relay talks to, started by this checkout's CLI (its start is one `start` sample, and with its
// first tool call, below, one `first call` sample).
const hostDir = mkdtempSync(join(tmpdir(), 'sb-bench-cli-host-'));
const hostStarted = performance.now();
let host: ChildProcess | undefined;
add(
  'start now',
  await run('host', {
    argv: [cliOf('now'), ...hostArgs(hostDir)],
    readyWhen: /MCP:\s+\S+/,
    keep: (child) => (host = child),
  }),
);
const hostToken = (JSON.parse(readFileSync(join(hostDir, 'host.json'), 'utf8')) as { token: string }).token;
const emptyDir = mkdtempSync(join(tmpdir(), 'sb-bench-cli-empty-'));

/** Resolves when stdout holds the JSON-RPC answer with this id (rejects after 60 s). */
async function answered(stdout: () => string, id: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (
    !stdout()
      .split('\n')
      .some((line) => line.includes(`"id":${id}`) && line.includes('"result"'))
  ) {
    if (Date.now() > deadline) throw new Error(`no answer to request ${id}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
const rpc = (id: number | undefined, method: string, params?: object) =>
  JSON.stringify({
    jsonrpc: '2.0',
    ...(id === undefined ? {} : { id }),
    method,
    ...(params ? { params } : {}),
  }) + '\n';

/** The commands measured, each a process per sample (`start` has its own, fewer, rounds). */
const commands: Record<string, (tree: string) => Run> = {
  version: (tree) => ({ argv: [cliOf(tree), '--version'] }),
  help: (tree) => ({ argv: [cliOf(tree), '--help'] }),
  logs: (tree) => ({ argv: [cliOf(tree), 'logs', '--data-dir', emptyDir] }),
  // The event a Claude Code Stop hook sends; without a token the hook reports nothing and exits, as it must.
  hook: (tree) => ({
    argv: [cliOf(tree), 'hook'],
    talk: async (write) => write(JSON.stringify({ hook_event_name: 'Stop' })),
  }),
  mcp: (tree) => ({
    argv: [cliOf(tree), 'mcp', '--data-dir', hostDir],
    env: { SWITCHBOARD_TOKEN: hostToken },
    talk: async (write, stdout) => {
      write(
        rpc(1, 'initialize', {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'bench-cli-start', version: '0' },
        }),
      );
      await answered(stdout, 1);
      write(rpc(undefined, 'notifications/initialized'));
      write(rpc(2, 'tools/list'));
      await answered(stdout, 2);
    },
  }),
};

const treeNames = Object.keys(trees);
const bare = async () => void add('node -e 0', await run('node -e 0', { argv: ['-e', '0'] }));
const measured = (command: string, tree: string) => async () =>
  void add(`${command} ${tree}`, await run(`${command} ${tree}`, commands[command]!(tree)));
/**
 * A first MCP call over HTTP to the host whose host.json is in `dataDir` (written before its URLs are printed):
 * `initialize`, `notifications/initialized`, then `tools/call`.
 */
async function firstToolCall(dataDir: string): Promise<void> {
  const host = JSON.parse(readFileSync(join(dataDir, 'host.json'), 'utf8')) as { url: string; token: string };
  const url = `${host.url}/mcp`;
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${host.token}`,
  };
  const post = async (body: string, more: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { ...headers, ...more }, body });
    return { response, text: await response.text() };
  };
  const init = await post(
    rpc(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench-cli-start', version: '0' },
    }),
  );
  const sessionId = init.response.headers.get('mcp-session-id');
  if (!init.response.ok || !sessionId) throw new Error(`initialize: ${init.response.status} ${init.text}`);
  const session = { 'mcp-session-id': sessionId };
  const initialized = await post(rpc(undefined, 'notifications/initialized'), session);
  if (!initialized.response.ok)
    throw new Error(`initialized: ${initialized.response.status} ${initialized.text}`);
  const call = await post(rpc(2, 'tools/call', { name: 'agent_list', arguments: {} }), session);
  // A tool error is a result too (`isError`): the first call must have been answered, not refused.
  if (!call.response.ok || !call.text.includes('"result"') || /"isError"\s*:\s*true/.test(call.text))
    throw new Error(`no answer to the first tool call: ${call.response.status} ${call.text}`);
}
const start = (tree: string) => async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-start-'));
  const started = performance.now();
  let host: ChildProcess | undefined;
  const argv = [cliOf(tree), ...hostArgs(dataDir)];
  add(
    `start ${tree}`,
    await run(`start ${tree}`, { argv, readyWhen: /MCP:\s+\S+/, keep: (c) => (host = c) }),
  );
  await firstToolCall(dataDir);
  add(`first call ${tree}`, { wallMs: performance.now() - started, cpuMs: cpuSoFar(host!.pid!) ?? NaN });
  const closed = once(host!, 'close');
  host!.kill('SIGTERM');
  await closed;
  rmSync(dataDir, { recursive: true, force: true });
};
await firstToolCall(hostDir);
add('first call now', { wallMs: performance.now() - hostStarted, cpuMs: cpuSoFar(host!.pid!) ?? NaN });
try {
  // Taking turns: the baseline, then each command from each checkout; side by side in the smoke run (legs()). The smoke
  // run's start sample is the host's above.
  await legs<void>([
    ...Array.from({ length: RUNS }, () => [
      bare,
      ...Object.keys(commands).flatMap((command) => treeNames.map((tree) => measured(command, tree))),
    ]).flat(),
    ...Array.from({ length: process.env['BENCH_SMOKE'] === '1' ? 0 : STARTS }, () =>
      treeNames.map(start),
    ).flat(),
  ]);
} finally {
  const closed = host && host.exitCode === null ? once(host, 'close') : undefined;
  host?.kill('SIGTERM');
  await closed;
}

const rows: Record<string, Record<string, number>> = {};
const of = (key: string, field: keyof Sample): Summary | undefined =>
  samples[key] ? summarize(samples[key].map((s) => s[field])) : undefined;
const ratio = (a: Summary, b: Summary) => ({
  n: a.n,
  p50: a.p50 / b.p50,
  p99: a.p99 / b.p99,
  mean: a.mean / b.mean,
});
for (const field of ['cpuMs', 'wallMs'] as const) {
  const unit = field === 'cpuMs' ? 'CPU ms' : 'wall ms';
  const baseline = of('node -e 0', field)!;
  rows[`node -e 0: ${unit}`] = { ...baseline };
  const hostLegs: Record<string, string> = {
    start: `${unit} to printed URLs`,
    'first call': `${unit} from spawn to a first tool call's answer`,
  };
  for (const command of [...Object.keys(commands), ...Object.keys(hostLegs)]) {
    const what = hostLegs[command] ?? unit;
    for (const tree of treeNames) {
      const summary = of(`${command} ${tree}`, field);
      if (!summary) continue;
      rows[`${command}, ${tree}: ${what}`] = { ...summary };
      if (!hostLegs[command]) rows[`${command}, ${tree}: ${unit} / node -e 0`] = ratio(summary, baseline);
    }
    const [now, then] = [of(`${command} now`, field), of(`${command} before`, field)];
    if (now && then) rows[`${command}: ${what}, now / before`] = ratio(now, then);
  }
}
rmSync(hostDir, { recursive: true, force: true });
rmSync(emptyDir, { recursive: true, force: true });
await report('cli-start', rows, {
  processesPerCommand: RUNS,
  starts: STARTS,
  checkouts: trees,
  loadAverage: loadavg(),
  what: 'CPU and wall per `switchboard` process from the compiled bundles, per command, against a bare `node -e 0`; with BENCH_CLI_BEFORE, the same commands from another checkout, taking turns',
});
