// Screen text as terminal output, for whatever draws recorded or live screens into a terminal (the UI's
// mirror and replay, the asciicast export): colours as SGR, and text that can never carry its own sequences.
import type { ScreenStyleRun, TerminalColor } from '../events/mirror';

const ESC = '\x1b';
export const SGR_RESET = `${ESC}[0m`;

const FLAG_CODES: readonly [keyof ScreenStyleRun, number][] = [
  ['bold', 1],
  ['faint', 2],
  ['italic', 3],
  ['underline', 4],
  ['blink', 5],
  ['inverse', 7],
  ['invisible', 8],
  ['strikethrough', 9],
];

/** SGR parameters for a colour: 30–37 / 90–97 for the 16 theme colours, else 38;5;n or 38;2;r;g;b (base 40 for the background). */
function colorCodes(color: TerminalColor, base: 30 | 40): string {
  if (typeof color === 'string') {
    const value = Number.parseInt(color.slice(1), 16);
    return `${base + 8};2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}`;
  }
  if (color < 8) return String(base + color);
  if (color < 16) return String(base + 60 + color - 8);
  return `${base + 8};5;${color}`;
}

/** The escape sequence that sets exactly this run's look (from the default). */
export function sgrOf(run: ScreenStyleRun): string {
  const codes = ['0'];
  for (const [flag, code] of FLAG_CODES) if (run[flag]) codes.push(String(code));
  if (run.fg !== undefined) codes.push(colorCodes(run.fg, 30));
  if (run.bg !== undefined) codes.push(colorCodes(run.bg, 40));
  return `${ESC}[${codes.join(';')}m`;
}

/**
 * A row's text with its look: each run's stretch (counted in code points) after the SGR for it, the
 * rest in the default look. `clean` removes what must not reach the terminal from each stretch after it
 * was cut, so the runs still line up with the text the backend reported.
 */
export function styledRow(
  text: string,
  runs: readonly ScreenStyleRun[] | undefined,
  clean: (text: string) => string = printable,
): string {
  if (!runs?.length) return clean(text);
  const points = [...text];
  let at = 0;
  let out = '';
  for (const run of runs) {
    if (at >= points.length) break;
    out += sgrOf(run) + clean(points.slice(at, at + run.length).join(''));
    at += run.length;
  }
  return out + SGR_RESET + clean(points.slice(at).join(''));
}

/** The text with C0/C1 control characters and DEL removed: printed, it can only print. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
