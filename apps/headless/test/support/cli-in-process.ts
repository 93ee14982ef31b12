import type { Command } from 'commander';
import { buildProgram } from '../../src/cli';

export interface CliRun {
  stdout: string;
  stderr: string;
  /** The exit code a `switchboard` process would have ended with. */
  code: number;
}

/**
 * `switchboard <args>` run inside the test's own process: the program `bin/switchboard.js` runs (`buildProgram`:
 * the same option parsing and command modules, talking to the host over its real endpoints), with what it writes
 * to standard output and error captured, and the exit code it would have ended with.
 *
 * Why: a `switchboard` process costs about a CPU-second to start, which on a loaded 2-core CI machine is 10–15 s of
 * wall per command — the CLI test files spent most of their time starting Node. Each file that uses this still runs
 * the CLI as a real process (`bin/switchboard.js`, `SWITCHBOARD_DATA_DIR` from the environment, exit code and
 * standard error from `main`) at least once; compiled-entry.test.ts covers the bundle the process loads.
 *
 * One at a time: it takes over `process.stdout.write` and `process.stderr.write` while the command runs. A
 * command that fails the way `main` reports it (a thrown error) gives `switchboard: <message>` on standard error
 * and code 1, as `main` does; commander's own refusals (unknown option, bad choice) give what commander prints.
 */
export async function runCliInProcess(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const program = buildProgram();
  const quiet = (command: Command) => {
    // Commander's own errors throw instead of exiting the test's process.
    command.exitOverride().configureOutput({
      writeOut: (text) => void (stdout += text),
      writeErr: (text) => void (stderr += text),
    });
    for (const sub of command.commands) quiet(sub);
  };
  quiet(program);
  const { stdout: out, stderr: err } = process;
  const writeOut = out.write;
  const writeErr = err.write;
  out.write = ((chunk: string | Uint8Array) => ((stdout += chunkText(chunk)), true)) as typeof out.write;
  err.write = ((chunk: string | Uint8Array) => ((stderr += chunkText(chunk)), true)) as typeof err.write;
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'switchboard', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    if (typeof exitCode === 'number' && (error as { code?: string }).code?.startsWith('commander.'))
      code = exitCode;
    else {
      stderr += `switchboard: ${(error as Error).message}\n`;
      code = 1;
    }
  } finally {
    out.write = writeOut;
    err.write = writeErr;
    process.exitCode = exitCodeBefore;
  }
  return { stdout, stderr, code };
}

const chunkText = (chunk: string | Uint8Array) =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
