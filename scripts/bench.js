// `npm run bench`: runs every bench/*.ts (or the names given) one after another; each prints a table
// and JSON and writes bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const benches = readdirSync('bench').filter((f) => f.endsWith('.ts') && f !== 'stats.ts' && !f.endsWith('.d.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file} ==\n`);
  const outcome = spawnSync(process.execPath, ['node_modules/.bin/tsx', `bench/${file}`], { stdio: 'inherit' });
  if (outcome.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
