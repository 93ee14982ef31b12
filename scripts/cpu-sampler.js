// Who uses the CPU while a command runs — including what its own accounting cannot see.
//
//   node scripts/cpu-sampler.js [--interval=2000] [--out=test-results/cpu-sampler.json] -- <command> [args…]
//
// Runs the command (off by default: nothing runs this unless asked) and every `--interval` ms reads, from /proc,
// the machine's CPU (/proc/stat), its CPU pressure (/proc/pressure/cpu) and every process's utime + stime, parent
// and command line. A process belongs to the command when its environment carries the marker this script sets
// (every descendant inherits it, also one that left its parent and was reparented to init) or its parent did.
// At the end it prints and writes:
//   - the machine's CPU in the run against the command's own (its reaped children: what `times` in
//     scripts/test.js reports), and the CPU seen in the command's processes, in processes that left their parent
//     (ppid 1: daemons, orphans — their CPU is reaped by init, never by the step), and in everything else;
//   - the processes by CPU, each with its lifetime and whether it was orphaned;
//   - what of the command was still running after it exited (leaked processes), and stops nothing.
// A process that starts and ends between two samples is seen only through its parent's reaped CPU (cutime),
// which is counted; one whose parent never reaps it is missed (the "unseen" line: machine CPU not in any process).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const TICK = 100; // USER_HZ on Linux
const MARK = 'SB_CPU_SAMPLER_RUN';

const args = process.argv.slice(2);
const split = args.indexOf('--');
if (split < 0 || split === args.length - 1) {
  process.stderr.write(
    'usage: node scripts/cpu-sampler.js [--interval=ms] [--out=file] -- <command> [args…]\n',
  );
  process.exit(2);
}
const option = (name, fallback) =>
  args
    .slice(0, split)
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1] ?? fallback;
const interval = Number(option('interval', '2000'));
const out = option('out', 'test-results/cpu-sampler.json');
const runId = `${process.pid}-${Date.now()}`;

/** One /proc/<pid>/stat: the fields after the parenthesised name (which may hold spaces). */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // f[0] state, f[1] ppid, f[11] utime, f[12] stime, f[13] cutime, f[14] cstime, f[19] starttime
    return {
      comm,
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      reaped: Number(f[13]) + Number(f[14]),
      start: Number(f[19]),
    };
  } catch {
    return undefined;
  }
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function machineTicks() {
  const f = readText('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return { busy: f[0] + f[1] + f[2] + f[5] + f[6], idle: f[3] + f[4], steal: f[7] ?? 0 };
}

function pressureSome() {
  const match = /some .*total=(\d+)/.exec(readText('/proc/pressure/cpu'));
  return match ? Number(match[1]) : undefined; // microseconds
}

/** pid → what we know of it; a pid reused by a new process (other start time) is a new entry. */
const seen = new Map();
const gone = [];

function sample(now) {
  const alive = new Set();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    let entry = seen.get(pid);
    if (entry && entry.start !== stat.start) {
      gone.push(entry);
      entry = undefined;
    }
    if (!entry) {
      const parent = seen.get(stat.ppid);
      const cmd = readText(`/proc/${pid}/cmdline`).split('\0').join(' ').trim() || `[${stat.comm}]`;
      entry = {
        pid,
        start: stat.start,
        comm: stat.comm,
        cmd: cmd.slice(0, 200),
        firstPpid: stat.ppid,
        ppid: stat.ppid,
        ours: readText(`/proc/${pid}/environ`).includes(`${MARK}=${runId}`) || Boolean(parent?.ours),
        preexisting: now === 0,
        first: now,
        last: now,
        own0: stat.own,
        own: stat.own,
        reaped0: stat.reaped,
        reaped: stat.reaped,
        orphaned: false,
      };
      seen.set(pid, entry);
    }
    entry.last = now;
    entry.own = stat.own;
    entry.reaped = stat.reaped;
    if (stat.ppid !== entry.ppid) entry.orphaned = true;
    entry.ppid = stat.ppid;
    if (stat.ppid === 1 && !entry.preexisting) entry.orphaned ||= entry.firstPpid !== 1 || entry.ours;
    alive.add(pid);
  }
  for (const [pid, entry] of seen) {
    if (!alive.has(pid)) {
      gone.push(entry);
      seen.delete(pid);
    }
  }
}

/** CPU seconds a process used while sampled, plus what it reaped (its children's whole lives). */
const used = (e) => (e.own - e.own0) / TICK;
const reaped = (e) => (e.reaped - e.reaped0) / TICK;

const begun = Date.now();
const machine0 = machineTicks();
const pressure0 = pressureSome();
const loadStart = readText('/proc/loadavg').split(' ').slice(0, 3).join(' ');
sample(0);
const child = spawn(args[split + 1], args.slice(split + 2), {
  stdio: 'inherit',
  env: { ...process.env, [MARK]: runId },
});
const timer = setInterval(() => sample(Date.now() - begun), interval);
const status = await new Promise((done) => child.on('close', (code, signal) => done(code ?? signal)));
const commandSeconds = (Date.now() - begun) / 1000;
sample(Date.now() - begun);
const machine1 = machineTicks();
const pressure1 = pressureSome();
const self = readStat(process.pid);
// Let the command's stragglers show themselves: whatever of it still runs two intervals later has leaked.
await new Promise((done) => setTimeout(done, 2 * interval));
clearInterval(timer);
const afterExit = Date.now() - begun;
sample(afterExit);

const all = [...gone, ...seen.values()];
const ours = all.filter((e) => e.ours);
const others = all.filter((e) => !e.ours);
// A process that ended was reaped by a sampled process (its parent, an ancestor that reaped the parent, or init),
// whose reaped CPU grew by the ended process's whole life: the part before its last sample is either before the
// run or already counted as its own. (The command itself is reaped by this script, which is not sampled.)
const reapedBySampled = gone.filter((e) => e.pid !== child.pid);
const whole = (e) => (e.own + e.reaped) / TICK;
const sum = (list, f) => Math.round(list.reduce((s, e) => s + f(e), 0) * 10) / 10;
const wall = commandSeconds;
const machineCpu = (machine1.busy - machine0.busy) / TICK;
const reapedInWindow = sum(all, reaped) - sum(reapedBySampled, whole);
const report = {
  command: args.slice(split + 1).join(' '),
  status,
  wallSeconds: Math.round(wall * 10) / 10,
  loadAverage: { start: loadStart, end: readText('/proc/loadavg').split(' ').slice(0, 3).join(' ') },
  machine: {
    cores: Math.round((machineCpu / wall) * 100) / 100,
    cpuSeconds: Math.round(machineCpu),
    stealSeconds: Math.round((machine1.steal - machine0.steal) / TICK),
    pressureSomePercent:
      pressure0 === undefined ? undefined : Math.round(((pressure1 - pressure0) / 1e6 / wall) * 1000) / 10,
  },
  // What `times` after the command reports: the CPU of every process the command's tree reaped.
  commandReapedCpuSeconds: self ? Math.round(self.reaped / TICK) : undefined,
  commandProcesses: {
    seenCpuSeconds: sum(ours, used),
    orphanedCpuSeconds: sum(
      ours.filter((e) => e.orphaned),
      used,
    ),
    orphanedCount: ours.filter((e) => e.orphaned).length,
    count: ours.length,
  },
  otherProcessesCpuSeconds: sum(others, used),
  // This script's own reading of /proc (also in the machine's CPU).
  samplerCpuSeconds: Math.round(((process.cpuUsage().user + process.cpuUsage().system) / 1e6) * 10) / 10,
  unseenCpuSeconds: Math.round(machineCpu - sum(all, used) - reapedInWindow),
  // The command's processes that left their parent (reparented to init): whose CPU no step's `times` sees.
  orphans: ours
    .filter((e) => e.orphaned)
    .map((e) => ({
      pid: e.pid,
      cpuSeconds: Math.round((used(e) + reaped(e)) * 100) / 100,
      from: Math.round(e.first / 1000),
      to: Math.round(e.last / 1000),
      firstPpid: e.firstPpid,
      cmd: e.cmd,
    }))
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds),
  leftRunning: ours
    .filter((e) => e.last === afterExit)
    .map((e) => ({ pid: e.pid, cmd: e.cmd, cpuSeconds: used(e), ppid: e.ppid })),
  top: all
    .map((e) => ({
      pid: e.pid,
      ours: e.ours,
      orphaned: e.orphaned,
      cpuSeconds: Math.round(used(e) * 100) / 100,
      reapedSeconds: Math.round(reaped(e) * 100) / 100,
      from: Math.round(e.first / 1000),
      to: Math.round(e.last / 1000),
      ppid: e.firstPpid,
      cmd: e.cmd,
    }))
    .filter((e) => e.cpuSeconds + e.reapedSeconds >= 0.05)
    .sort((a, b) => b.cpuSeconds + b.reapedSeconds - (a.cpuSeconds + a.reapedSeconds))
    .slice(0, 60),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');

const line = (label, value) => process.stdout.write(`${label.padEnd(46)} ${value}\n`);
process.stdout.write(`\ncpu-sampler: ${report.command} (exit ${status})\n`);
line('wall (s)', report.wallSeconds);
line('load average start → end', `${report.loadAverage.start} → ${report.loadAverage.end}`);
line('machine CPU (s), cores busy', `${report.machine.cpuSeconds}, ${report.machine.cores}`);
line('CPU pressure some (% of wall)', report.machine.pressureSomePercent);
line("command's reaped CPU (s) (= `times`)", report.commandReapedCpuSeconds);
line(
  "command's processes seen (s), count",
  `${report.commandProcesses.seenCpuSeconds}, ${report.commandProcesses.count}`,
);
line(
  '  of them orphaned (ppid 1) (s), count',
  `${report.commandProcesses.orphanedCpuSeconds}, ${report.commandProcesses.orphanedCount}`,
);
line('other processes on the machine (s)', report.otherProcessesCpuSeconds);
line('this sampler (s)', report.samplerCpuSeconds);
line('unseen (kernel, unreaped short-lived) (s)', report.unseenCpuSeconds);
line('left running after the command exited', report.leftRunning.length);
for (const e of report.leftRunning.slice(0, 20))
  process.stdout.write(`    ${e.pid} ${e.cmd.slice(0, 110)}\n`);
process.stdout.write('top processes (CPU s while sampled + reaped children; * = ours, o = orphaned):\n');
for (const e of report.top.slice(0, 25)) {
  const flags = `${e.ours ? '*' : ' '}${e.orphaned ? 'o' : ' '}`;
  process.stdout.write(
    `  ${flags} ${String(e.cpuSeconds).padStart(7)} +${String(e.reapedSeconds).padStart(7)}  ${String(e.from).padStart(4)}–${String(e.to).padEnd(4)} ${e.cmd.slice(0, 90)}\n`,
  );
}
process.stdout.write(`report: ${out}\n`);
process.exit(typeof status === 'number' ? status : 1);
