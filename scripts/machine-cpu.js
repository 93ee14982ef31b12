// The whole machine's CPU over a span of time, from /proc/stat and /proc/pressure/cpu (Linux; elsewhere nothing).
// `npm test` prints it beside the CPU its steps reaped: a step's CPU counts only the processes that ended and were
// waited for, so a run can be CPU-bound while the steps' sum says half the machine was idle. The machine's own
// counters count every process — the ones a step leaked, and ones nothing of ours started.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/stat (USER_HZ: 100 on every Linux architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * The first line of /proc/stat ("cpu  user nice system idle iowait irq softirq steal guest guest_nice", in ticks,
 * summed over every core) as seconds. Guest time is already inside user and nice, so it is not added again.
 */
export function parseProcStat(text) {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((n) => Number(n) / TICKS_PER_SECOND);
  if ([user, nice, system, idle].some((n) => !Number.isFinite(n))) return undefined;
  return { user: user + nice, system: system + irq + softirq, idle, iowait, steal };
}

/**
 * The CPU seconds of a process's children that ended and were waited for (cutime + cstime, fields 16 and 17 of
 * /proc/<pid>/stat), counted after the command name's closing parenthesis (a name may hold spaces and parentheses).
 */
export function parseReapedChildrenSeconds(text) {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const seconds = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/** This process's reaped children's CPU seconds so far; undefined where /proc is not there. */
export function reapedChildrenSeconds() {
  try {
    return parseReapedChildrenSeconds(readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** /proc/pressure/cpu's "some" line: the averages (per cent) and the total stalled time (microseconds). */
export function parsePressure(text) {
  const line = text.split('\n').find((l) => l.startsWith('some '));
  if (!line) return undefined;
  const field = (name) => Number(new RegExp(`${name}=([\\d.]+)`).exec(line)?.[1]);
  const pressure = {
    avg10: field('avg10'),
    avg60: field('avg60'),
    avg300: field('avg300'),
    totalUs: field('total'),
  };
  return Object.values(pressure).every(Number.isFinite) ? pressure : undefined;
}

const readOrUndefined = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // not Linux, or a kernel without pressure stall information: the summary says so
  }
};

/** One reading of the machine's counters, taken now. */
export function readMachineCpu() {
  const stat = readOrUndefined('/proc/stat');
  const pressure = readOrUndefined('/proc/pressure/cpu');
  return {
    at: Date.now(),
    stat: stat === undefined ? undefined : parseProcStat(stat),
    pressure: pressure === undefined ? undefined : parsePressure(pressure),
  };
}

const round = (n) => Math.round(n);

/**
 * What the machine did between two readings: CPU seconds busy (user, system), idle, iowait and stolen, summed over
 * every core, and the share of the span in which some runnable task waited for a CPU (pressure "some").
 * Undefined when /proc/stat could not be read.
 */
export function machineCpuBetween(before, after) {
  if (!before.stat || !after.stat) return undefined;
  const wallSeconds = (after.at - before.at) / 1000;
  const delta = (key) => after.stat[key] - before.stat[key];
  const user = delta('user');
  const system = delta('system');
  const summary = {
    wallSeconds: round(wallSeconds),
    busySeconds: round(user + system),
    userSeconds: round(user),
    systemSeconds: round(system),
    idleSeconds: round(delta('idle')),
    iowaitSeconds: round(delta('iowait')),
    stealSeconds: round(delta('steal')),
  };
  const counted = user + system + delta('idle') + delta('iowait') + delta('steal');
  summary.busyPercent = counted > 0 ? round((100 * (user + system)) / counted) : 0;
  if (before.pressure && after.pressure && wallSeconds > 0) {
    const stalledSeconds = (after.pressure.totalUs - before.pressure.totalUs) / 1e6;
    summary.pressureSomePercent = round((100 * stalledSeconds) / wallSeconds);
    summary.pressureAvg300AtEnd = after.pressure.avg300;
  }
  return summary;
}

/** The summary as one line for the end of `npm test`. */
export function describeMachineCpu(summary) {
  if (!summary) return 'machine CPU: unknown (no /proc/stat)';
  const pressure =
    summary.pressureSomePercent === undefined
      ? 'no /proc/pressure/cpu'
      : `something waited for a CPU ${summary.pressureSomePercent} % of the run (pressure "some"; avg300 at the end ${summary.pressureAvg300AtEnd} %)`;
  return (
    `machine CPU over ${summary.wallSeconds} s: busy ${summary.busySeconds} s (${summary.busyPercent} %: ` +
    `user ${summary.userSeconds}, system ${summary.systemSeconds}), idle ${summary.idleSeconds} s, ` +
    `iowait ${summary.iowaitSeconds} s, steal ${summary.stealSeconds} s; ${pressure}`
  );
}
