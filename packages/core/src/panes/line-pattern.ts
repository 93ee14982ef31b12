import { SwitchboardError } from '@switchboard/protocol';
import { compileValidation } from '../plans/step-validation';

/** A caller's pattern, compiled: what lines and titles are matched with. */
export interface LineMatcher {
  test(text: string): boolean;
}

/**
 * Whether JavaScript's engine runs `source` in time linear in the line: no quantifier at all (`*`, `+`, `?`,
 * `{…}`) and alternatives only at the top (`ERROR|panic`), so each start position tries each alternative once.
 * Escapes and character classes are set aside first; `(?:`, `(?=`, `(?!`, `(?<…` open groups, not quantifiers.
 */
export function runsLinearInJs(source: string): boolean {
  const bare = source
    .replace(/\\./g, 'e')
    .replace(/\[[^\]]*\]/g, 'c')
    .replace(/\(\?(?:[:=!]|<[=!]?|<[A-Za-z_$][\w$]*>)/g, '(');
  if (/[*+?{]/.test(bare)) return false;
  let depth = 0;
  for (const ch of bare) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth > 0) return false;
  }
  return true;
}

/**
 * Compiles a caller's pattern (`pane.read` filter, `pane.list` titleMatches, `pane.waitFor` and `pane.watch`
 * patterns). Every pattern must be RE2 syntax (look-around, back-references: `invalid_input`), and any pattern
 * that could backtrack runs on RE2, as plans' and flows' do: linear time. JavaScript's engine backtracks:
 * `(a+)+$` against a row of 40 `a` and a `!` runs for hours, and the host (every agent, the UI, recordings)
 * with it; 27 `a` froze a live host 1.2 s (session 21). RE2 here is WebAssembly at ~5-15 µs a line against
 * ~0.1 µs for JavaScript on plain patterns, so the plain ones (no quantifier, alternatives only at the top:
 * most watch and filter patterns) keep JavaScript's engine, which cannot backtrack on them.
 */
export function compileLinePattern(source: string): LineMatcher {
  let re2: LineMatcher;
  try {
    re2 = compileValidation(source, '');
  } catch (error) {
    throw new SwitchboardError(
      'invalid_input',
      `/${source}/ is not a pattern Switchboard runs: ${String(error)}`,
      {
        hint: 'Patterns use RE2 syntax (linear time): no look-around, no back-references.',
      },
    );
  }
  // Without `u`, as the contract checked it compiles (`u` refuses escapes such as `\-` that RE2 takes).
  return runsLinearInJs(source) ? new RegExp(source) : re2;
}
