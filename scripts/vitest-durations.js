// Writes test/vitest-durations.json, the order Vitest starts files in (test/support/longest-first-sequencer.ts),
// from a Vitest JSON report: `node scripts/vitest-durations.js [report] [root of the checkout it ran in]` after `npm test` (which
// writes that report) or `npx vitest run --reporter=json --outputFile=test-results/vitest.json`. Only the order
// matters, so a run on a loaded machine is fine; run it when files were added or got much faster or slower.
// With STRESS=1 (after `npm run test:stress`) it writes `stressSeconds`, the order of STRESS runs, and keeps `seconds`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/vitest.json', 'utf8'));
const root = resolve(process.argv[3] ?? '.');
const seconds = {};
for (const file of report.testResults ?? []) {
  if (typeof file.startTime !== 'number' || typeof file.endTime !== 'number') continue;
  seconds[relative(root, file.name)] = Math.round((file.endTime - file.startTime) / 100) / 10;
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => (a < b ? -1 : 1)));
const target = 'test/vitest-durations.json';
const before = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) : {};
const measured = new Date(report.startTime ?? Date.now()).toISOString();
const stress = process.env['STRESS'] === '1';
writeFileSync(
  target,
  JSON.stringify(
    {
      '//': 'Seconds per Vitest file from one whole run: the longest start first. Refresh: node scripts/vitest-durations.js',
      measured: stress ? before.measured : measured,
      seconds: stress ? before.seconds : sorted,
      ...(stress
        ? { stressMeasured: measured, stressSeconds: sorted }
        : before.stressSeconds
          ? { stressMeasured: before.stressMeasured, stressSeconds: before.stressSeconds }
          : {}),
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write(`${target}${stress ? ' (STRESS)' : ''}: ${Object.keys(sorted).length} files\n`);
