import { readFileSync } from 'node:fs';

/**
 * CPU time of a process's main thread so far (ms, ns resolution), where Linux tells it (`/proc/PID/task/PID/schedstat`,
 * field 1: time on the CPU); undefined elsewhere. Unlike `process.cpuUsage()` it leaves out V8's compiler and GC
 * helper threads, which a young process keeps busy (the host's exit burst: ~45 ms of them against 60–100 ms of main
 * thread, docs/performance.md), and it has no 10 ms ticks.
 */
export function mainThreadCpuMs(pid: number = process.pid): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}
