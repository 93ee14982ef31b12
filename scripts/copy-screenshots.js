// Copies e2e screenshots from the build folder into docs/screenshots — only on purpose, never from a test run.
// Usage: npm run screenshots:docs [-- fleet.png org-chart.png …]   (no names: every PNG the last run wrote)
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const from = join('test-results', 'screenshots');
const to = join('docs', 'screenshots');
if (!existsSync(from)) {
  console.error(`No ${from}: run the e2e tests first (npm run test:e2e).`);
  process.exit(1);
}
const names = process.argv.slice(2).map((name) => basename(name));
const chosen = names.length > 0 ? names : readdirSync(from).filter((name) => name.endsWith('.png'));
let missing = 0;
for (const name of chosen) {
  if (!existsSync(join(from, name))) {
    console.error(`not found: ${join(from, name)}`);
    missing++;
    continue;
  }
  copyFileSync(join(from, name), join(to, name));
  console.log(`${join(from, name)} → ${join(to, name)}`);
}
process.exit(missing ? 1 : 0);
