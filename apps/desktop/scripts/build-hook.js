// Bundles the agents' hook reporter (`switchboard hook`, apps/headless/src/hook-main.ts) into one
// self-contained ES module, out/hook/switchboard-hook.mjs, which electron-builder.yml ships in Resources.
// The packaged app runs it with its own binary as Node (src/main/hook-command.ts). `node scripts/build-hook.js [OUT_FILE]`.
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../../..');
const outfile = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../out/hook/switchboard-hook.mjs'));

await build({
  stdin: {
    // The same command line as the CLI's: `<script> hook [--data-dir DIR] [--codex PAYLOAD]`.
    contents:
      "import { hookMain } from './apps/headless/src/hook-main.ts';\nif (process.argv[2] === 'hook') await hookMain(process.argv.slice(3));\n",
    resolveDir: root,
    sourcefile: 'switchboard-hook.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
});
process.stdout.write(`build-hook: ${outfile}\n`);
