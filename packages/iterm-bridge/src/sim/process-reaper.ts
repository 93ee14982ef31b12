/**
 * Every process a pane started ends with the pane, and with this process, whatever way it ends.
 *
 * node-pty makes each pane's program a session leader (session id = its pid). Closing the terminal
 * signals only that leader: a shell it started in a process group of its own (an interactive bash
 * does that) is never told, and one busy in a loop that only writes (`while true; do echo …; done`)
 * outlives everything (writes to a hung-up terminal fail and it carries on).
 *
 * So one small detached `sh` (the watchdog) does the killing, told on a pipe which sessions exist:
 * - panes that go ("-SID,SID,…"): SIGHUP to every process of their sessions, SIGKILL to those left 0.5 s
 *   later. Panes that go while panes keep going (a fleet closed, 100 agents exiting together) are one line, sent
 *   with their terminals' teardown once panes stop going (dispose-when-quiet.ts: `QUIET_MS` after the last, at the
 *   latest `LONGEST_WAIT_MS` after the first), so one `pkill` pair: each `pkill` reads every process on the
 *   machine (~10 ms of CPU with ~120 processes), and one pair per pane cost the test suite ~18 CPU-s in 6 minutes.
 *   Sent 50 ms after the first pane went, as before, a 100-exit burst of a few hundred ms ran several of them beside
 *   its own exits on a 2-core machine (a third of the CPU samples of the server's process tree over the burst);
 * - this process killed or crashed (SIGKILL, OOM, an uncaught error): the pipe ends when we do, however
 *   we do, and the watchdog kills every session still listed;
 * - this process exiting normally: the same at once, synchronously, from the 'exit' event.
 * Never a `pkill` spawned per pane from here: forking a big Node process blocks its event loop for tens
 * of ms each (a 100-agent bench spent 45 s in them).
 * `pkill -s` (Linux procps and macOS) matches a session's processes, wherever they were reparented.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { disposeWhenQuiet } from './dispose-when-quiet';

/** Sessions whose processes may still run and that nobody has asked to reap yet. */
const tracked = new Set<number>();
let watchdog: ChildProcess | undefined;
let watchdogFailed = false;

/** Sessions whose panes went, not yet told to the watchdog (still on its list: reaped if we end first). */
let reaping: number[] = [];
/** Reapings told to the watchdog so far, each a `pkill` pair (tests). */
let reapings = 0;
export const reapingsSent = (): number => reapings;

// Reads "+SID" / "-SID,SID,…" lines; "-…" reaps those sessions in the background; at end of input (we are
// gone) kills every session still listed.
const WATCHDOG = `
sids=' '
while IFS= read -r line; do
  case $line in
    +*) sids="$sids\${line#+} " ;;
    -*)
      ids=\${line#-}
      IFS=,
      for id in $ids; do
        case $sids in *" $id "*) sids="\${sids%% $id *} \${sids#* $id }" ;; esac
      done
      unset IFS
      (pkill -HUP -s "$ids"; sleep 0.5; pkill -KILL -s "$ids") &
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
  const left = [...tracked, ...reaping];
  if (left.length > 0) spawnSync('pkill', ['-KILL', '-s', left.join(',')], { stdio: 'ignore' });
  tracked.clear();
  reaping = [];
}

/** A pane's program started: `sid` is its pid (node-pty makes it a session leader). */
export function trackSession(sid: number): void {
  tracked.add(sid);
  tellWatchdog(`+${sid}`);
}

/**
 * The pane is gone: its whole session is hung up once panes stop going (with the sessions of the panes that went
 * meanwhile) and killed 0.5 s later if anything is left.
 */
export function reapSession(sid: number): void {
  if (!tracked.delete(sid)) return;
  reaping.push(sid);
  // With the terminals closed meanwhile, once panes stop going (the batch's timer unref'd: a process ending meanwhile
  // ends the watchdog's input, which kills every session still listed). Each pane that goes puts the batch off; the
  // batch's first `reapTogether` takes every session, the others find none. Nothing here throws.
  disposeWhenQuiet({ dispose: reapTogether }, () => undefined);
}

function reapTogether(): void {
  const sids = reaping;
  reaping = [];
  if (sids.length === 0) return;
  reapings++;
  if (tellWatchdog(`-${sids.join(',')}`)) return;
  // No watchdog: at least the programs themselves must not outlive their panes.
  setTimeout(() => {
    for (const sid of sids) {
      try {
        process.kill(sid, 'SIGKILL');
      } catch {
        // exited
      }
    }
  }, 500).unref();
}
