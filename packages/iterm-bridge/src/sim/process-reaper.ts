/**
 * Every process a pane started ends with the pane, and with this process, whatever way it ends.
 *
 * node-pty makes each pane's program a session leader (session id = its pid). Closing the terminal
 * signals only that leader: a shell it started in a process group of its own (an interactive bash
 * does that) is never told, and one busy in a loop that only writes (`while true; do echo …; done`)
 * outlives everything (writes to a hung-up terminal fail and it carries on). So:
 * - a pane that goes: SIGHUP to every process of its session, SIGKILL to those left after a grace;
 * - this process exiting (an uncaught error, `process.exit`): SIGKILL to every session still tracked;
 * - this process killed (SIGKILL, OOM): a detached watchdog `sh` reads the tracked sessions on a
 *   pipe from us; the pipe ends when we do, however we do, and it kills what is left.
 * `pkill -s` (Linux procps and macOS) matches a session's processes, wherever they were reparented.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Sessions whose processes may still run. */
const tracked = new Set<number>();
let watchdog: ChildProcess | undefined;

// Reads "+SID" / "-SID" lines; at end of input (we are gone) kills every session still listed.
const WATCHDOG = `
sids=' '
while IFS= read -r line; do
  case $line in
    +*) sids="$sids\${line#+} " ;;
    -*) id=\${line#-}; case $sids in *" $id "*) sids="\${sids%% $id *} \${sids#* $id }" ;; esac ;;
  esac
done
set -- $sids
[ $# -gt 0 ] || exit 0
IFS=,
exec pkill -KILL -s "$*"
`;

function tellWatchdog(line: string): void {
  if (!watchdog) {
    watchdog = spawn('/bin/sh', ['-c', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    watchdog.on('error', () => (watchdog = undefined));
    watchdog.stdin!.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
    process.once('exit', killTrackedNow);
  }
  watchdog.stdin!.write(`${line}\n`);
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

/** The pane is gone: hang up its whole session now, kill what is left after `graceMs`. */
export function reapSession(sid: number, graceMs = 500): void {
  if (!tracked.has(sid)) return;
  execFile('pkill', ['-HUP', '-s', String(sid)], () => undefined);
  setTimeout(() => {
    execFile('pkill', ['-KILL', '-s', String(sid)], () => {
      tracked.delete(sid);
      tellWatchdog(`-${sid}`);
    });
  }, graceMs).unref();
}

/** Sessions not reaped yet (for tests). */
export function trackedSessionCount(): number {
  return tracked.size;
}
