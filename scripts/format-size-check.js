// Lists the source files that `prettier --write` would push over eslint's `max-lines` (400) in
// packages/*/src and apps/*/src, without writing anything: run it before reformatting the tree.
// `node scripts/format-size-check.js [--limit N] [FILE…]` (default: every tracked .ts/.tsx/.js/.mjs
// file under those folders, generated code excluded). Exits 1 when any file would be over the limit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as prettier from 'prettier';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt === -1 ? 400 : Number(args.splice(limitAt, 2)[1]);
if (!Number.isInteger(limit) || limit <= 0) {
  process.stderr.write('format-size-check: --limit takes a positive whole number\n');
  process.exit(2);
}

const isChecked = (file) => /\.(ts|tsx|js|mjs)$/.test(file) && !file.includes('/src/gen/');
const files = args.length
  ? args
  : [
      ...new Set(
        execFileSync('git', ['ls-files', 'packages/*/src/**', 'apps/*/src/**'], {
          cwd: root,
          encoding: 'utf8',
        })
          .split('\n')
          .filter(isChecked),
      ),
    ];

const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const over = [];
for (const file of files) {
  const path = resolve(root, file);
  const source = readFileSync(path, 'utf8');
  const options = await prettier.resolveConfig(path);
  const formatted = await prettier.format(source, { ...options, filepath: path });
  const lines = lineCount(formatted);
  if (lines > limit) over.push({ file, now: lineCount(source), formatted: lines });
}

over.sort((a, b) => b.formatted - a.formatted);
for (const { file, now, formatted } of over) process.stdout.write(`${formatted}\t(now ${now})\t${file}\n`);
process.stdout.write(
  `format-size-check: ${over.length} of ${files.length} file(s) over ${limit} lines once formatted\n`,
);
process.exit(over.length ? 1 : 0);
