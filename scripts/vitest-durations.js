// Writes test/vitest-durations.json, the order Vitest starts files in (test/support/longest-first-sequencer.ts),
// from a Vitest JSON report: `node scripts/vitest-durations.js [report] [root of the checkout it ran in]` after `npm test` (which
// writes that report) or `npx vitest run --reporter=json --outputFile=test-results/vitest.json`. Only the order
// matters, so a run on a loaded machine is fine; run it when files were added or got much faster or slower.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/vitest.json', 'utf8'));
const root = resolve(process.argv[3] ?? '.');
const seconds = {};
for (const file of report.testResults ?? []) {
  if (typeof file.startTime !== 'number' || typeof file.endTime !== 'number') continue;
  seconds[relative(root, file.name)] = Math.round((file.endTime - file.startTime) / 100) / 10;
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(
  'test/vitest-durations.json',
  JSON.stringify(
    {
      '//': 'Seconds per Vitest file from one whole run: the longest start first. Refresh: node scripts/vitest-durations.js',
      measured: new Date(report.startTime ?? Date.now()).toISOString(),
      seconds: sorted,
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write(`test/vitest-durations.json: ${Object.keys(sorted).length} files\n`);
