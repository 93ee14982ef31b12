// Typechecks every package with its own tsconfig (its own runtime's lib/types), in parallel.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'packages/protocol/tsconfig.json', 'packages/core', 'packages/iterm-bridge', 'packages/tmux-bridge', 'packages/mcp-server',
  'packages/host', 'packages/ui', 'apps/headless', 'apps/desktop/tsconfig.json', 'tsconfig.tools.json',
].filter((p) => existsSync(p));

const run = (project) => new Promise((resolve) => {
  const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.on('close', (code) => resolve({ project, code, out }));
});

const results = [];
const queue = [...projects];
await Promise.all([0, 1].map(async () => { while (queue.length) results.push(await run(queue.shift())); }));
let failed = 0;
for (const r of results) {
  if (r.code !== 0) { failed++; process.stdout.write(`✗ ${r.project}\n${r.out}\n`); }
  else process.stdout.write(`✓ ${r.project}\n`);
}
process.exit(failed ? 1 : 0);
