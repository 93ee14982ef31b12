// Where the Vitest lane's temporary files go: a folder of its own in memory (/dev/shm) when the machine has one to
// spare, removed when the run ends. The tests make thousands of data folders, launch files and SQLite databases
// with synchronous=FULL: on this machine's disk (ext4 on a virtio disk) a commit's fsync took 6.8 ms and 150 agents'
// launch files 800 ms, against 0.4 ms and 79 ms in memory (docs/performance.md, "Session 15"). What the tests claim
// holds the same in memory: their crashes are SIGKILLs, and a killed process's writes are in the page cache either way.
//
// SB_TEST_TMPDIR=<folder> puts the run's folder there instead; SB_TEST_TMPDIR=system keeps the system temp folder.
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

const TMPFS_MAGIC = 0x01021994;
const RUN_FOLDER = 'SB_TEST_RUN_TMPDIR';
/** Less than this free in /dev/shm (a container's default is 64 MB) and the run stays on the disk. */
export const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** The folder a run's temporary folder is made in, or undefined for the system temp folder. */
export function tmpdirParent(
  env: NodeJS.ProcessEnv = process.env,
  statfs: (path: string) => { type: number; bavail: number; bsize: number } = statfsSync,
): string | undefined {
  const chosen = env['SB_TEST_TMPDIR'];
  if (chosen === 'system') return undefined;
  if (chosen) return chosen;
  try {
    const shm = statfs('/dev/shm');
    return shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize >= MIN_FREE_BYTES ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Vitest global setup: makes the run's folder and points TMPDIR at it (the workers and every process they start
 * inherit it: `os.tmpdir()` reads it); the returned teardown removes it.
 */
export default function setup(): (() => void) | undefined {
  const parent = tmpdirParent();
  // Once per run: Vitest runs a global setup for each project.
  if (!parent || process.env[RUN_FOLDER]) return undefined;
  // Short: unix sockets made in it must fit sockaddr_un (108 bytes).
  const folder = mkdtempSync(join(parent, 'sb-'));
  const before = process.env['TMPDIR'];
  process.env['TMPDIR'] = folder;
  process.env[RUN_FOLDER] = folder;
  return () => {
    delete process.env[RUN_FOLDER];
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    removeWhileWritten(folder);
  };
}

/**
 * Removes a folder something may still be writing into: a CLI a test started can be writing its files on the way
 * out as the run ends (Claude Code's ~/.claude after its pane closed), and a run folder left in /dev/shm stays
 * until reboot. rmSync's own retries only retry the last rmdir (a file written after it listed the folder stays),
 * so the whole removal is tried again, for up to `patienceMs`.
 */
export function removeWhileWritten(folder: string, patienceMs = 5_000): void {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      rmSync(folder, { recursive: true, force: true });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}
