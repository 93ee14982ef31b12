import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as Re2Module from 're2-wasm';
import { compileValidation, passes, validationProblem } from '../../src/plans/step-validation';

const { RE2 } = createRequire(import.meta.url)('re2-wasm') as typeof Re2Module;
const HOSTILE = '^(a+)+$'; // exponential on "aaa…ab" for a backtracking engine

// What keeps a step's validation from hanging the host is the engine, not a time limit: RE2 runs an automaton
// (time linear in the output, whatever the pattern) and refuses the syntax that needs backtracking. These
// checks prove that without a clock; the contract's bounds on the output and the pattern are checked where
// plans run (plan-execution.test.ts).
describe('step validation: matched by RE2, never by a backtracking engine', () => {
  it('compiles every pattern, even a catastrophic one, to an RE2 matcher, not a RegExp', () => {
    for (const flags of ['', 'i', 'ms']) {
      const matcher = compileValidation(HOSTILE, flags);
      expect(matcher).toBeInstanceOf(RE2);
      expect(matcher).not.toBeInstanceOf(RegExp);
    }
  });

  it('refuses what only a backtracking engine can do (back-references, look-around), with RE2’s reason', () => {
    for (const regex of ['(a)\\1', '(?<name>a)\\k<name>', '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b'])
      expect(validationProblem({ regex, flags: '' }), regex).toMatch(/^Invalid regular expression/);
    expect(validationProblem({ regex: HOSTILE, flags: '' })).toBeUndefined();
  });

  it('answers the catastrophic pattern on the longest output the contract accepts', () => {
    // Only ever run on RE2: a backtracking engine would block this worker for good (no timeout stops sync code).
    expect(compileValidation(HOSTILE, '')).toBeInstanceOf(RE2);
    expect(passes({ regex: HOSTILE, flags: '' }, `${'a'.repeat(31_999)}b`)).toBe(false);
    expect(passes({ regex: HOSTILE, flags: '' }, 'a'.repeat(32_000))).toBe(true);
    expect(passes({ explicit: true }, `${'a'.repeat(31_999)}b`)).toBe(true);
  });
});
