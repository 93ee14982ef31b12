// Runs before every node test file when SB_TEST_CPU names a report file (vitest.config.ts): appends one JSON
// line per file with the CPU seconds the file cost — the worker's own (process.cpuUsage) and that of the
// processes it started and reaped (shells, CLIs, hosts: /proc/self/stat's cutime + cstime). Wall time says little
// on a loaded machine where a file mostly waits; this says what a file takes from the others. Processes a file
// leaves behind, or whose parent is not the worker (a host's orphaned CLIs), are not counted.
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';

const report = process.env['SB_TEST_CPU'];
const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds of this process's reaped children, or 0 where /proc is not there. */
function reapedChildrenSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after the command name's closing parenthesis; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

const ownAtStart = process.cpuUsage();
const childrenAtStart = reapedChildrenSeconds();
const startedAt = Date.now();

afterAll(() => {
  if (!report) return;
  const own = process.cpuUsage(ownAtStart);
  const ownSeconds = (own.user + own.system) / 1e6;
  const childrenSeconds = reapedChildrenSeconds() - childrenAtStart;
  const line = {
    file,
    cpuSeconds: Math.round((ownSeconds + childrenSeconds) * 100) / 100,
    ownSeconds: Math.round(ownSeconds * 100) / 100,
    childrenSeconds: Math.round(childrenSeconds * 100) / 100,
    wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    pid: process.pid,
  };
  appendFileSync(report, JSON.stringify(line) + '\n');
});
