// Command lines the host tests give panes and Claude Code: one quoting rule and one hook command.
import { fileURLToPath } from 'node:url';

/** POSIX shell quoting for one word. */
export const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** The real `switchboard` CLI entry, by absolute path. */
export const CLI_ENTRY = fileURLToPath(
  new URL('../../../../apps/headless/bin/switchboard.js', import.meta.url),
);

/** What Claude Code hooks run in these tests: the real CLI's `hook` subcommand under this Node, by absolute paths. */
export const HOOK_COMMAND = `${quote(process.execPath)} ${quote(CLI_ENTRY)} hook`;
