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
 *   later. Panes that go within `REAP_BATCH_MS` of each other (a fleet closed, 100 agents exiting together)
 *   are one line, so one `pkill` pair: each `pkill` reads every process on the machine, and one pair per pane
 *   cost the test suite ~18 CPU-s in 6 minutes;
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

/** How long a pane that went waits for others to be reaped with it. */
const REAP_BATCH_MS = 50;
/** Sessions whose panes went, not yet told to the watchdog (still on its list: reaped if we end first). */
let reaping: number[] = [];
let reapTimer: NodeJS.Timeout | undefined;

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
 * The pane is gone: its whole session is hung up within `REAP_BATCH_MS` (with the sessions of panes that went
 * with it) and killed 0.5 s later if anything is left.
 */
export function reapSession(sid: number): void {
  if (!tracked.delete(sid)) return;
  reaping.push(sid);
  // Unref'd: a process ending meanwhile ends the watchdog's input, which kills every session still listed.
  reapTimer ??= setTimeout(reapTogether, REAP_BATCH_MS).unref();
}

function reapTogether(): void {
  reapTimer = undefined;
  const sids = reaping;
  reaping = [];
  if (sids.length === 0 || tellWatchdog(`-${sids.join(',')}`)) return;
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
