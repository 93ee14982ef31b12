import { readFile, readlink } from 'node:fs/promises';
import type { ProfileDict } from './profiles';

/** At most one poll a second, as iTerm2's iTermWorkingDirectoryPoller (its iTermRateLimitedUpdate, 1 s). */
const POLL_INTERVAL_MS = 1000;

let own: Promise<Buffer> | undefined;
/** This server's command line: a forked child has it until it execs its program. */
const ownCommandLine = () => (own ??= readFile('/proc/self/cmdline').catch(() => Buffer.alloc(0)));

/** Where a pane's process starts: the profile's custom directory when it names one, else the server's default. */
export function startingDirectory(profile: ProfileDict, fallback: string | undefined): string {
  const wd = profile['Working Directory'];
  return profile['Custom Directory'] === 'Yes' && typeof wd === 'string' && wd !== ''
    ? wd
    : (fallback ?? process.cwd());
}

/**
 * A session's `path` variable as iTerm2 keeps it (iTermSessionDirectoryTracker, iTermWorkingDirectoryPoller):
 * the directory its process started in; then, with shell integration, what the shell reports (OSC 7,
 * `OSC 1337 ; CurrentDir=`); without it, the current directory of the session's process (the shell, not the
 * foreground job), looked up after output with a line feed, at most once a second. Once an escape sequence has
 * reported a directory, polls no longer change it. The lookup reads /proc/<pid>/cwd (iTerm2 asks the kernel
 * through proc_pidinfo); where there is no /proc the path stays where the process started or was last reported.
 */
export class WorkingDirectory {
  private pid: number | undefined;
  /** The process has exec'd its program (so it is in its starting folder): checked until it has. */
  private running = false;
  private path: string | undefined;
  private reportedByShell = false;
  private lastPollAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped when the process or the source changes: a lookup that started before answers nothing. */
  private generation = 0;

  constructor(private readonly report: (name: 'path' | 'hostname', value: string) => void) {}

  /** A new process (start or restart) in `cwd`: the path is that directory until told or polled otherwise. */
  started(pid: number, cwd: string): void {
    this.pid = pid;
    this.running = false;
    this.reportedByShell = false;
    this.generation++;
    this.set(cwd);
  }

  /** Shell integration said where it is (OSC 7 or CurrentDir): that wins over every later poll. */
  reported(path: string): void {
    this.reportedByShell = true;
    this.generation++;
    this.set(path);
  }

  /** OSC 7 `file://host/path`: the host and the directory; anything else (not a URL, a malformed %-escape) is ignored, as iTerm2 does. */
  reportedUrl(data: string): true {
    let url: URL;
    let path: string;
    try {
      url = new URL(data);
      // A malformed escape (`%ZZ`) throws here: the pane's own output must not end the parser's turn (or the host).
      path = decodeURIComponent(url.pathname);
    } catch {
      return true;
    }
    this.report('hostname', url.hostname);
    this.reported(path);
    return true;
  }

  /** Program output: a line feed in it asks for a lookup (rate-limited), unless the shell reports its directory. */
  output(data: string): void {
    if (this.reportedByShell || this.pid === undefined || this.timer || !data.includes('\n')) return;
    const wait = Math.max(0, this.lastPollAt + POLL_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastPollAt = Date.now();
      void this.poll();
    }, wait);
    this.timer.unref();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pid = undefined;
    this.generation++;
  }

  private async poll(): Promise<void> {
    const { pid, generation } = this;
    let path: string;
    try {
      // Until the forked child has exec'd, it is a copy of this server, still in the server's folder: the pty
      // echoes a typed line before then on a loaded machine. Its command line tells (a copy's is ours).
      if (!this.running) {
        const running = (await readFile(`/proc/${pid}/cmdline`)).compare(await ownCommandLine()) !== 0;
        if (!running || generation !== this.generation) return;
        this.running = true;
      }
      path = await readlink(`/proc/${pid}/cwd`);
    } catch {
      return; // no /proc here, or the process is gone: the path stays as it was
    }
    if (generation === this.generation && !this.reportedByShell) this.set(path);
  }

  private set(path: string): void {
    if (path === this.path) return;
    this.path = path;
    this.report('path', path);
  }
}
