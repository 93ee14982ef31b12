// Runs before every node test file when SB_TEST_LEFTOVERS names a report file (vitest.config.ts); see
// leftover-processes.ts. The tag is set before the file itself is run, and the report is taken after the file's
// own afterAll hooks (Vitest runs after-hooks last-registered first).
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';
import { leftovers, tagFor, TAG_VARIABLE } from './leftover-processes';

const report = process.env['SB_TEST_LEFTOVERS'];
// Set as the file starts: the processes its collection starts are tagged too.
const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
process.env[TAG_VARIABLE] = tagFor(process.pid, file);

afterAll(() => {
  delete process.env[TAG_VARIABLE];
  if (!report) return;
  const found = leftovers(process.pid, file);
  for (const [kind, list] of Object.entries(found))
    for (const p of list)
      appendFileSync(report, JSON.stringify({ endOf: file, kind, ...p, at: Date.now() }) + '\n');
});
