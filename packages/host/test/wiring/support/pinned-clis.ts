import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quote } from '../../support/shell-words';

/** A CLI pinned in the repository's devDependencies (node_modules/.bin). */
export const pinnedBin = (name: string) =>
  resolve(fileURLToPath(new URL(`../../../../../node_modules/.bin/${name}`, import.meta.url)));
export const CODEX = pinnedBin('codex');
export const GEMINI = pinnedBin('gemini');

/** Keeps the pane open after a one-shot run; the wiring's arguments still reach the CLI ("$@"). */
export const thenWait = (cli: string, ...args: string[]) =>
  `sh -c '"$0" "$@"; sleep 600' ${quote(cli)} ${args.join(' ')}`;
