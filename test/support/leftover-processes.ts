// Which processes a test file leaves running. Off by default: with SB_TEST_LEFTOVERS=<file.jsonl> the node project
// runs leftover-setup.ts before every file, which tags the worker's environment with the file's name (every process
// the file starts inherits it, also one that later leaves its parent for init) and, when the file ends, appends to
// <file.jsonl> one line per tagged process still running: those of the file that just ended, and those of an
// earlier file of the same worker (a process that outlived its file by a whole file: a leak, burning CPU while
// other files run). docs/performance.md, "Session 15".
import { readdirSync, readFileSync } from 'node:fs';

export const TAG_VARIABLE = 'SB_TEST_FILE';
const TICK = 100; // USER_HZ

export interface TaggedProcess {
  pid: number;
  /** The tag's value: `<worker pid>:<test file>`. */
  tag: string;
  cmd: string;
  /** utime + stime so far, seconds. */
  cpuSeconds: number;
}

/** The tag a worker sets for one of its files. */
export const tagFor = (workerPid: number, file: string) => `${workerPid}:${file}`;

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every running process (not this one, not a zombie) whose environment carries a tag of `workerPid`. */
export function taggedProcesses(workerPid: number, procRoot = '/proc'): TaggedProcess[] {
  const prefix = `${TAG_VARIABLE}=${workerPid}:`;
  const found: TaggedProcess[] = [];
  for (const name of readdirSync(procRoot)) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const entry = read(`${procRoot}/${name}/environ`)
      .split('\0')
      .find((e) => e.startsWith(prefix));
    if (!entry) continue;
    const stat = read(`${procRoot}/${name}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === undefined) continue;
    found.push({
      pid: Number(name),
      tag: entry.slice(TAG_VARIABLE.length + 1),
      cmd: read(`${procRoot}/${name}/cmdline`).split('\0').join(' ').trim().slice(0, 200),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICK,
    });
  }
  return found;
}

/** What one file's end finds: its own processes still running, and earlier files' ones (leaks). */
export function leftovers(workerPid: number, file: string, procRoot = '/proc') {
  const mine = tagFor(workerPid, file);
  const running = taggedProcesses(workerPid, procRoot);
  return {
    atItsEnd: running.filter((p) => p.tag === mine),
    fromEarlierFiles: running.filter((p) => p.tag !== mine),
  };
}
