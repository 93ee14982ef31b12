import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const runner = resolve(import.meta.dirname, '../../scripts/bench-together.js');

interface Outcome {
  bench: string;
  ok: boolean;
  seconds: number;
  cpuSeconds: number;
  error?: string;
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes each module (name → source), runs them together; the exit code and the outcome lines. */
async function together(modules: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), 'sb-bench-together-test-'));
  const outcomes = join(dir, 'outcomes.jsonl');
  const args = Object.entries(modules).map(([name, source]) => {
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, source);
    return `${name}=${file}`;
  });
  const code = await run(process.execPath, [runner, `--outcomes=${outcomes}`, ...args], { cwd: dir }).then(
    () => 0,
    (error: { code: number }) => error.code,
  );
  const lines = existsSync(outcomes) ? readFileSync(outcomes, 'utf8').trim().split('\n') : [];
  return { code, outcomes: lines.filter(Boolean).map((line) => JSON.parse(line) as Outcome) };
}

const marks = (name: string) => `import { writeFileSync } from 'node:fs'; writeFileSync('${name}.ran', '1');`;

describe('scripts/bench-together.js: several bench modules in one process, an outcome each', () => {
  it('runs each in turn; one that throws or rejects unhandled fails alone and the next still runs', async () => {
    const { code, outcomes } = await together({
      first: `${marks('first')} await new Promise((r) => setTimeout(r, 20));`,
      throws: `throw new Error('the bench broke');`,
      rejects: `Promise.reject(new Error('nobody awaited this')); await new Promise((r) => setTimeout(r, 50));`,
      // Something left running (a timer, as a forgotten server would) does not keep the group alive.
      last: `${marks('last')} setInterval(() => {}, 1_000);`,
    });
    expect(outcomes.map((o) => [o.bench, o.ok])).toEqual([
      ['first', true],
      ['throws', false],
      ['rejects', false],
      ['last', true],
    ]);
    expect(outcomes[1]!.error).toContain('the bench broke');
    expect(outcomes[2]!.error).toContain('nobody awaited this');
    expect(existsSync(join(dir, 'first.ran')) && existsSync(join(dir, 'last.ran'))).toBe(true);
    for (const o of outcomes) expect(o.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(code).toBe(1);
  });

  it('exits 0 when every bench passed', async () => {
    const { code, outcomes } = await together({ a: marks('a'), b: marks('b') });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(code).toBe(0);
  });

  it('a bench that calls process.exit ends the group: those after it have no outcome (bench.js fails them)', async () => {
    const { outcomes } = await together({ a: marks('a'), exits: 'process.exit(0);', after: marks('after') });
    expect(outcomes.map((o) => o.bench)).toEqual(['a']);
    expect(existsSync(join(dir, 'after.ran'))).toBe(false);
  });

  it('refuses to run without an outcomes file or a bench', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-bench-together-test-'));
    await expect(run(process.execPath, [runner, 'a=/nowhere.mjs'])).rejects.toMatchObject({ code: 2 });
    await expect(run(process.execPath, [runner, `--outcomes=${join(dir, 'o')}`])).rejects.toMatchObject({
      code: 2,
    });
  });
});
