/**
 * Every process a pane started ends with the pane, and with this process, whatever way it ends.
 *
 * node-pty makes each pane's program a session leader (session id = its pid). Closing the terminal
 * signals only that leader: a shell it started in a process group of its own (an interactive bash
 * does that) is never told, and one busy in a loop that only writes (`while true; do echo …; done`)
 * outlives everything (writes to a hung-up terminal fail and it carries on).
 *
 * So one small detached `sh` (the watchdog) does the killing, told on a pipe which sessions exist:
 * - a pane that goes ("-SID"): SIGHUP to every process of its session, SIGKILL to those left 0.5 s later;
 * - this process killed or crashed (SIGKILL, OOM, an uncaught error): the pipe ends when we do, however
 *   we do, and the watchdog kills every session still listed;
 * - this process exiting normally: the same at once, synchronously, from the 'exit' event.
 * Never a `pkill` spawned per pane from here: forking a big Node process blocks its event loop for tens
 * of ms each (a 100-agent bench spent 45 s in them).
 * `pkill -s` (Linux procps and macOS) matches a session's processes, wherever they were reparented.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Sessions whose processes may still run and that nobody has asked to reap yet. */
const tracked = new Set<number>();
let watchdog: ChildProcess | undefined;
let watchdogFailed = false;

// Reads "+SID" / "-SID" lines; "-SID" reaps that session in the background; at end of input (we are
// gone) kills every session still listed.
const WATCHDOG = `
sids=' '
while IFS= read -r line; do
  case $line in
    +*) sids="$sids\${line#+} " ;;
    -*)
      id=\${line#-}
      case $sids in *" $id "*) sids="\${sids%% $id *} \${sids#* $id }" ;; esac
      (pkill -HUP -s "$id"; sleep 0.5; pkill -KILL -s "$id") &
      ;;
  esac
done
set -- $sids
[ $# -gt 0 ] || exit 0
IFS=,
exec pkill -KILL -s "$*"
`;

/** False when no watchdog could be started (the caller falls back to what it can do alone). */
function tellWatchdog(line: string): boolean {
  if (watchdogFailed) return false;
  if (!watchdog) {
    watchdog = spawn('/bin/sh', ['-c', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    watchdog.on('error', () => {
      watchdogFailed = true;
      watchdog = undefined;
    });
    watchdog.stdin!.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
    process.once('exit', killTrackedNow);
  }
  watchdog.stdin!.write(`${line}\n`);
  return true;
}

/** On exit only synchronous work runs: kill what is left at once. */
function killTrackedNow(): void {
  if (tracked.size > 0) spawnSync('pkill', ['-KILL', '-s', [...tracked].join(',')], { stdio: 'ignore' });
  tracked.clear();
}

/** A pane's program started: `sid` is its pid (node-pty makes it a session leader). */
export function trackSession(sid: number): void {
  tracked.add(sid);
  tellWatchdog(`+${sid}`);
}

/** The pane is gone: its whole session is hung up now and killed 0.5 s later if anything is left. */
export function reapSession(sid: number): void {
  if (!tracked.delete(sid)) return;
  if (tellWatchdog(`-${sid}`)) return;
  // No watchdog: at least the program itself must not outlive its pane.
  setTimeout(() => {
    try {
      process.kill(sid, 'SIGKILL');
    } catch {
      // exited
    }
  }, 500).unref();
}
