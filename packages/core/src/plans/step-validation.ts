import { createRequire } from 'node:module';
import type { StepValidation } from '@switchboard/protocol';
import type * as Re2Module from 're2-wasm';

type Re2 = InstanceType<typeof Re2Module.RE2>;
let engine: typeof Re2Module.RE2 | undefined;
// re2-wasm is CommonJS (core is ESM); loaded on the first regex, so plans without one never pay for the WASM module.
const re2 = () => (engine ??= (createRequire(import.meta.url)('re2-wasm') as typeof Re2Module).RE2);

const compiled = new Map<string, Re2>();

/**
 * Compiles a step's validation regex with RE2 (linear time: a hostile pattern cannot hang the host on a
 * long output); throws with RE2's message if the pattern is not valid RE2 syntax.
 */
export function compileValidation(regex: string, flags: string): Re2 {
  const key = `${flags}/${regex}`;
  let re = compiled.get(key);
  if (!re) {
    re = new (re2())(regex, `${flags}u`);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** The problem with a step's validation, or undefined when it compiles. */
export function validationProblem(validation: StepValidation): string | undefined {
  if (!('regex' in validation)) return undefined;
  try {
    compileValidation(validation.regex, validation.flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Does an output pass the step's validation? Explicit steps accept any output. */
export function passes(validation: StepValidation, output: string): boolean {
  if (!('regex' in validation)) return true;
  return compileValidation(validation.regex, validation.flags).test(output);
}
