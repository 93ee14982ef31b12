import { readFileSync } from 'node:fs';
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

/** POSIX shell quoting for one word. */
export const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** What Claude Code hooks run: this CLI's `hook` subcommand under the same Node, by absolute paths. */
export const hookCommand = `${shellQuote(process.execPath)} ${shellQuote(cliEntry)} hook`;
/** What Codex runs after each turn (`notify`), as argv: the same `hook` subcommand reading Codex's JSON argument. */
export const codexNotifyCommand: readonly string[] = [process.execPath, cliEntry, 'hook', '--codex'];
