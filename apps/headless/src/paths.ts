import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (this file is apps/headless/src/paths.ts). */
export const repositoryRoot = resolve(here, '../../..');
/** The built UI bundle the host serves. */
export const uiDistDir = join(repositoryRoot, 'packages/ui/dist');
/** Absolute path of the CLI entry, for command lines written into other programs' configs. */
export const cliEntry = join(repositoryRoot, 'apps/headless/bin/switchboard.js');

/** The CLI's version (apps/headless/package.json; bin/switchboard.js prints it for a lone `--version`). */
export function cliVersion(): string {
  return (
    JSON.parse(readFileSync(join(repositoryRoot, 'apps/headless/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/** The user's data folder: SWITCHBOARD_DATA_DIR, else the platform's application-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['SWITCHBOARD_DATA_DIR']) return resolve(env['SWITCHBOARD_DATA_DIR']);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Switchboard');
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'switchboard');
}

/** POSIX shell quoting for one word. */
export const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** What Claude Code hooks run: this CLI's `hook` subcommand under the same Node, by absolute paths. */
export const hookCommand = `${shellQuote(process.execPath)} ${shellQuote(cliEntry)} hook`;
/** What Codex runs after each turn (`notify`), as argv: the same `hook` subcommand reading Codex's JSON argument. */
export const codexNotifyCommand: readonly string[] = [process.execPath, cliEntry, 'hook', '--codex'];
