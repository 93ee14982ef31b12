import { ruleDetector } from './screen-detector';

/**
 * A plain shell or any line-oriented program: the cursor line decides. A shell prompt at the cursor
 * is idle; a question or a password/confirmation prompt at the cursor is waiting for input. A
 * running program's output is "working" by output recency, not by the screen.
 */
export const shellDetector = ruleDetector('shell', [
  {
    state: 'waiting_for_input',
    detail: 'confirmation at the cursor',
    test: (view) => /(\[y\/n\]|\(y\/n\)|\[yes\/no\]|\(yes\/no\))\s*[:?]?\s*$/i.test(view.beforeCursor),
  },
  {
    state: 'waiting_for_input',
    detail: 'password prompt at the cursor',
    test: (view) => /(password|passphrase|passcode)[^\n]*:\s*$/i.test(view.beforeCursor),
  },
  {
    state: 'idle',
    detail: 'shell prompt at the cursor',
    test: (view) => /(^|\S)[$#%❯]\s?$|^>\s?$/.test(view.beforeCursor),
  },
  {
    state: 'waiting_for_input',
    detail: 'question at the cursor',
    test: (view) => endsAsQuestion(view.beforeCursor),
  },
]);

/**
 * What `/\S.*[?:]\s*$/` matches, in one pass: the text ends with `?` or `:` (and white space), and something other
 * than white space comes before it on its line. The regular expression backtracks from every start: quadratic in
 * the text's length, ~2 µs for a printed line, 7 ms for a 3,000-character line being printed across the rows of
 * a wide pane, at every read of it.
 */
export function endsAsQuestion(text: string): boolean {
  const trimmed = text.trimEnd(); // the same white space as `\s`
  const mark = trimmed.length - 1;
  if (mark < 1 || (trimmed[mark] !== '?' && trimmed[mark] !== ':')) return false;
  let lineStart = mark;
  while (lineStart > 0 && !LINE_TERMINATORS.has(trimmed[lineStart - 1]!)) lineStart--;
  return /\S/.test(trimmed.slice(lineStart, mark));
}

/** What `.` does not match. */
const LINE_TERMINATORS = new Set(['\n', '\r', '\u2028', '\u2029']);
