import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { playwrightRetried, vitestRetried } from '../../scripts/retried-tests.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A test body that fails the first time it runs (it leaves a mark) and passes once the mark is there. */
const failsOnce = (mark: string) =>
  `const { existsSync, writeFileSync } = await import('node:fs');
  if (!existsSync(${JSON.stringify(mark)})) { writeFileSync(${JSON.stringify(mark)}, ''); throw new Error('first try'); }`;

/** Runs a runner with one retry over three tests (passes, fails once, always fails); its JSON report. */
async function reportOf(args: (dir: string) => string[], write: (dir: string) => void): Promise<unknown> {
  dir = mkdtempSync(join(tmpdir(), 'sb-retried-test-'));
  write(dir);
  await run(process.execPath, args(dir), { cwd: dir, env: { ...process.env, CI: '' } }).catch(
    () => undefined,
  );
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
}

describe('the tests npm test names as passed only on their retry', () => {
  it("Vitest's: the one that failed its first try, not the one that passed first time or failed both", async () => {
    const report = await reportOf(
      (d) => [
        join(repo, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        d,
        '--retry=1',
        '--reporter=json',
        '--outputFile=report.json',
      ],
      (d) =>
        writeFileSync(
          join(d, 'three.test.mjs'),
          `import { describe, it } from ${JSON.stringify(join(repo, 'node_modules/vitest/dist/index.js'))};
describe('group', () => {
  it('passes', () => {});
  it('fails once', async () => { ${failsOnce(join(d, 'mark'))} });
  it('always fails', () => { throw new Error('no'); });
});
`,
        ),
    );
    expect(vitestRetried(report)).toEqual([expect.stringMatching(/three\.test\.mjs › group fails once$/)]);
  }, 60_000);

  it("Playwright's: the one its report calls flaky", async () => {
    const report = await reportOf(
      (d) => [join(repo, 'node_modules/@playwright/test/cli.js'), 'test', '-c', join(d, 'pw.config.mjs')],
      (d) => {
        writeFileSync(
          join(d, 'pw.config.mjs'),
          `export default { testDir: ${JSON.stringify(d)}, retries: 1, workers: 1, reporter: [['json', { outputFile: ${JSON.stringify(join(d, 'report.json'))} }]] };\n`,
        );
        writeFileSync(
          join(d, 'three.spec.mjs'),
          `import { test } from ${JSON.stringify(join(repo, 'node_modules/@playwright/test/index.mjs'))};
test.describe('group', () => {
  test('passes', () => {});
  test('fails once', async () => { ${failsOnce(join(d, 'mark'))} });
  test('always fails', () => { throw new Error('no'); });
});
`,
        );
      },
    );
    expect(playwrightRetried(report)).toEqual(['three.spec.mjs › group › fails once']);
  }, 60_000);
});
