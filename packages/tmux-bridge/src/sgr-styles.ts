import {
  MAX_STYLE_RUNS,
  SCREEN_STYLE_FLAGS,
  type ScreenStyleRun,
  type TerminalColor,
} from '@switchboard/protocol';

type Look = Omit<ScreenStyleRun, 'length'>;
type Flag = Exclude<keyof Look, 'fg' | 'bg'>;

const FLAGS: readonly Flag[] = SCREEN_STYLE_FLAGS;
/** SGR codes that turn an attribute on, and those that turn attributes off. */
const ON: Record<number, Flag> = {
  1: 'bold',
  2: 'faint',
  3: 'italic',
  4: 'underline',
  5: 'blink',
  6: 'blink',
  7: 'inverse',
  8: 'invisible',
  9: 'strikethrough',
  21: 'underline',
};
const OFF: Record<number, Flag[]> = {
  22: ['bold', 'faint'],
  23: ['italic'],
  24: ['underline'],
  25: ['blink'],
  27: ['inverse'],
  28: ['invisible'],
  29: ['strikethrough'],
};

const hex = (n: number) => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');

/** An extended colour (`38;5;N`, `38;2;R;G;B`, or the colon forms), and how many parameters it used. */
function extendedColor(params: number[][], at: number): { color: TerminalColor | undefined; used: number } {
  const own = params[at]!;
  // Colon form: everything in one parameter (`38:5:N`, `38:2::R:G:B` with an optional colour-space id).
  const [mode, ...rest] = own.length > 1 ? own.slice(1) : params.slice(at + 1).map((p) => p[0] ?? 0);
  const used = own.length > 1 ? 0 : mode === 5 ? 2 : mode === 2 ? 4 : 1;
  if (mode === 5 && rest[0] !== undefined && rest[0] <= 255) return { color: rest[0], used };
  if (mode === 2) {
    const rgb = own.length > 1 && rest.length >= 4 ? rest.slice(1, 4) : rest.slice(0, 3);
    if (rgb.length === 3) return { color: `#${rgb.map(hex).join('')}`, used };
  }
  return { color: undefined, used };
}

/** Applies one SGR sequence's parameters (`1;31`, `38;5;208`, empty for a reset) to `look`. */
function applySgr(look: Look, text: string): Look {
  const params = (text === '' ? ['0'] : text.split(';')).map((p) => p.split(':').map((n) => Number(n) || 0));
  let next = { ...look };
  for (let i = 0; i < params.length; i++) {
    const [code = 0, sub] = params[i]!;
    if (code === 0) next = {};
    else if (code === 4 && sub === 0) delete next.underline;
    else if (ON[code]) next[ON[code]] = true;
    else if (OFF[code]) for (const flag of OFF[code]) delete next[flag];
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 39) delete next.fg;
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const { color, used } = extendedColor(params, i);
      const key = code === 38 ? 'fg' : 'bg';
      if (color === undefined) delete next[key];
      else next[key] = color;
      i += used;
    }
  }
  return next;
}

const sameLook = (a: Look, b: Look): boolean =>
  a.fg === b.fg && a.bg === b.bg && FLAGS.every((flag) => a[flag] === b[flag]);

/**
 * A line as `capture-pane -e` prints it (text with SGR escape sequences) as its plain text and the
 * contract's style runs over its code points: neighbouring runs that look the same merged, a default
 * tail dropped (an unstyled line is `[]`), at most MAX_STYLE_RUNS (the rest of a finer line unstyled).
 * Any other escape sequence is dropped from the text.
 */
export function parseStyledLine(line: string): { text: string; runs: ScreenStyleRun[] } {
  let text = '';
  let look: Look = {};
  const runs: ScreenStyleRun[] = [];
  let full = false;
  const add = (char: string) => {
    text += char;
    if (full) return;
    const previous = runs[runs.length - 1];
    if (previous && sameLook(previous, look)) previous.length += 1;
    else if (runs.length < MAX_STYLE_RUNS) runs.push({ length: 1, ...look });
    else full = true;
  };
  // Escape sequences are what this reads: ESC is the point.
  // eslint-disable-next-line no-control-regex
  const sequence = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/y;
  for (let i = 0; i < line.length;) {
    if (line[i] === '\x1b') {
      sequence.lastIndex = i;
      const match = sequence.exec(line)!;
      if (match[2] === 'm') look = applySgr(look, match[1]!);
      i = sequence.lastIndex;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    add(char);
    i += char.length;
  }
  while (runs.length > 0 && Object.keys(runs[runs.length - 1]!).length === 1) runs.pop();
  return { text, runs };
}
