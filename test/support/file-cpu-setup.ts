// Runs before every node test file when SB_TEST_CPU names a report file (vitest.config.ts): appends one JSON
// line per file with the CPU seconds the file cost — the worker's own (process.cpuUsage) and that of the
// processes it started and reaped (shells, CLIs, hosts: /proc/self/stat's cutime + cstime). Wall time says little
// on a loaded machine where a file mostly waits; this says what a file takes from the others. Processes a file
// leaves behind, or whose parent is not the worker (a host's orphaned CLIs), are not counted.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';
import { reapedChildrenSeconds as reaped } from '../../scripts/machine-cpu.js';

const report = process.env['SB_TEST_CPU'];
const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
const reapedChildrenSeconds = () => reaped() ?? 0;

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
