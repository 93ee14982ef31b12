// README's "Using it" table is what a newcomer reads first: every command of the CLI has a row there, and every
// flag, `--backend`/`--client`/`--format`/`--recordings` value and subcommand a row names is one the CLI takes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/index';

const README = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

/** The first cell of each row of README's table of `switchboard …` commands, without its backticks. */
function readmeRows(): string[] {
  return README.split('\n')
    .filter((line) => line.startsWith('| `switchboard '))
    .map((line) => line.slice(3, line.indexOf('` |')).replaceAll('\\|', '|'));
}

const longFlags = (command: Command) => command.options.map((option) => option.long);

/** Values README lists after a flag (`--backend auto|iterm2|…`), or none when the flag takes a placeholder. */
function listedValues(row: string, flag: string): string[] {
  const match = new RegExp(`${flag} ([a-z0-9|]+)\\]`).exec(row);
  return match?.[1]?.includes('|') ? match[1].split('|') : [];
}

describe("README's command table", () => {
  const program = buildProgram();
  const commands = program.commands.filter((command) => command.name() !== 'help');
  const rows = readmeRows();

  it('has a row for every command of the CLI', () => {
    expect(rows.length).toBeGreaterThanOrEqual(commands.length);
    const named = new Set(rows.map((row) => row.split(' ')[1]));
    expect(commands.map((command) => command.name()).filter((name) => !named.has(name))).toEqual([]);
  });

  it('names only flags, values and subcommands the CLI takes', () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const name = row.split(' ')[1]!;
      if (name.startsWith('-')) {
        for (const flag of row.match(/-{1,2}[a-zA-Z]+/g) ?? [])
          if (!['--version', '-V'].includes(flag)) wrong.push(`${row}: ${flag}`);
        continue;
      }
      const command = commands.find((c) => c.name() === name);
      if (!command) {
        wrong.push(`${row}: no command ${name}`);
        continue;
      }
      const subcommands = command.commands.map((c) => c.name());
      if (subcommands.length > 0) {
        for (const part of row.split('|').map((p) => p.trim().replace(/^switchboard host /, '')))
          if (!subcommands.includes(part.split(' ')[0]!)) wrong.push(`${row}: no subcommand in "${part}"`);
        continue;
      }
      for (const flag of row.match(/--[a-z][a-z0-9-]*/g) ?? []) {
        const option = command.options.find((o) => o.long === flag);
        if (!option) {
          wrong.push(`${row}: ${flag} (takes ${longFlags(command).join(' ')})`);
          continue;
        }
        for (const value of listedValues(row, flag))
          if (option.argChoices && !option.argChoices.includes(value)) wrong.push(`${row}: ${flag} ${value}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
