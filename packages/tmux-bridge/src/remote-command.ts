import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { SwitchboardError } from '@switchboard/protocol';
import type { MachineCommandResult } from '@switchboard/core';
import { formatted, shellWord } from './tmux-quote';

/** Runs one tmux command on the machine's server (the control client's FIFO). */
type Run = (command: string) => Promise<string[]>;

export interface RemoteCommand {
  argv: readonly string[];
  cwd: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The most of each output (stdout, stderr) handed back: as much as `execFile` takes of a program on this machine
 * (its default `maxBuffer`, where more fails the command). A program there may print without a bound (a git hook
 * in an agent's repository runs at `git worktree add`); all of it went through a tmux buffer into the host.
 */
export const MAX_REMOTE_OUTPUT_BYTES = 1024 * 1024;
/** The status a command gets when an output passed the bound (its own status is lost with the cut). */
const CUT_STATUS = 125;
/** How often the control client asks whether the program is done: quickly at first, then every 250 ms. */
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/**
 * Runs a program on the tmux server's machine without holding its control connection up (a plain
 * `run-shell` stops the client's next commands — every screen and keystroke of that host — until it
 * ends): `run-shell -b` starts it in the background, its outputs go to files in `runDir` (0700), and once
 * it is done the script hands them to this server as two paste buffers with the `tmux` client there
 * (`$TMUX`, set by tmux, names this server), the stderr one last; the control client asks for that one
 * until it exists, then reads both with `show-buffer` and deletes them. Every word is a single-quoted
 * shell word inside a tmux string: nothing the arguments hold is run.
 */
export async function runRemoteCommand(
  run: Run,
  setup: { runDir: string; tmux: string },
  command: RemoteCommand,
): Promise<MachineCommandResult> {
  if (command.argv.length === 0) throw new SwitchboardError('invalid_input', 'No program to run');
  const id = randomUUID();
  const buffers = { out: `switchboard-run-${id}-out`, err: `switchboard-run-${id}-err` };
  const file = shellWord(posix.join(setup.runDir, id));
  const tmux = shellWord(setup.tmux);
  const program = command.argv.map(shellWord).join(' ');
  const script = [
    `umask 077; mkdir -p ${shellWord(setup.runDir)} && chmod 700 ${shellWord(setup.runDir)} || exit 1`,
    `f=${file}`,
    `(cd ${shellWord(command.cwd)} && exec ${program}) </dev/null >"$f.out" 2>"$f.err"; s=$?`,
    // Past the bound: the command failed, stderr first says so, and only the first bytes of each output go back.
    `c=; for o in out err; do [ $(($(wc -c <"$f.$o"))) -le ${MAX_REMOTE_OUTPUT_BYTES} ] || c="$c std$o"; done`,
    `[ -z "$c" ] || s=${CUT_STATUS}`,
    `{ echo "$s"; head -c ${MAX_REMOTE_OUTPUT_BYTES} "$f.out"; } >"$f.o"`,
    `{ echo .; [ -z "$c" ] || echo "switchboard: cut at ${MAX_REMOTE_OUTPUT_BYTES} bytes:$c"; head -c ${MAX_REMOTE_OUTPUT_BYTES} "$f.err"; } >"$f.e"`,
    `${tmux} load-buffer -b ${buffers.out} "$f.o"; ${tmux} load-buffer -b ${buffers.err} "$f.e"`,
    `rm -f "$f.out" "$f.err" "$f.o" "$f.e"`,
  ].join('\n');
  await run(`run-shell -b ${formatted(`{\n${script}\n} >/dev/null 2>&1`)}`);
  const deadline = Date.now() + (command.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let errLines: string[] | undefined;
  for (let wait = FIRST_POLL_MS; errLines === undefined; wait = Math.min(wait * 2, MAX_POLL_MS)) {
    errLines = await run(`show-buffer -b ${buffers.err}`).catch((error: unknown) => {
      // A refusal means "not there yet"; a dropped connection ends the wait at once.
      if (error instanceof SwitchboardError && error.code === 'unavailable') throw error;
      return undefined;
    });
    if (errLines !== undefined) break;
    if (Date.now() > deadline)
      throw new SwitchboardError(
        'unavailable',
        `${command.argv[0]} did not finish on the remote machine in time`,
      );
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  try {
    const [status, ...stdout] = decodeShownBuffer(await run(`show-buffer -b ${buffers.out}`)).split('\n');
    const stderr = decodeShownBuffer(errLines).split('\n').slice(1);
    return { ok: status === '0', stdout: stdout.join('\n').trim(), stderr: stderr.join('\n').trim() };
  } finally {
    // Swallowed on purpose: a buffer left behind goes with the tmux server; the answer is already read.
    for (const buffer of Object.values(buffers))
      await run(`delete-buffer -b ${buffer}`).catch(() => undefined);
  }
}

const NAMED_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  b: 8,
  a: 7,
  v: 11,
  f: 12,
  s: 32,
  '\\': 92,
};

/**
 * A buffer's text as `show-buffer` prints it to a control client: one reply line per line of the buffer,
 * backslashes and unprintable bytes escaped the C way (`\\`, `\t`, `\001`; tmux's utf8_strvis) — undone
 * here, bytes first, then read as UTF-8.
 */
export function decodeShownBuffer(lines: readonly string[]): string {
  const source = Buffer.from(lines.join('\n'), 'utf8');
  const out: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const byte = source[i]!;
    if (byte === 0x5c && i + 1 < source.length) {
      const octal = /^[0-7]{3}/.exec(source.subarray(i + 1, i + 4).toString('latin1'));
      if (octal) {
        out.push(parseInt(octal[0], 8));
        i += 3;
        continue;
      }
      const named = NAMED_ESCAPES[String.fromCharCode(source[i + 1]!)];
      if (named !== undefined) {
        out.push(named);
        i += 1;
        continue;
      }
    }
    out.push(byte);
  }
  return Buffer.from(out).toString('utf8');
}
