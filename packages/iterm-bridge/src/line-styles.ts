import {
  MAX_STYLE_RUNS,
  SCREEN_STYLE_FLAGS,
  type ScreenStyleRun,
  type TerminalColor,
} from '@switchboard/protocol';
import type { CellStyle, LineContents, RGBColor } from './gen/api_pb';

const hex = (n: number | undefined) =>
  Math.max(0, Math.min(255, n ?? 0))
    .toString(16)
    .padStart(2, '0');
const rgbText = (c: RGBColor): string => `#${hex(c.red)}${hex(c.green)}${hex(c.blue)}`;

/** A palette index or 24-bit colour; the defaults (and iTerm2's placement/alternate colours) as undefined. */
function colorOf(color: CellStyle['fgColor'] | CellStyle['bgColor']): TerminalColor | undefined {
  switch (color.case) {
    case 'fgStandard':
    case 'bgStandard':
      return color.value >= 0 && color.value <= 255 ? color.value : undefined;
    case 'fgRgb':
    case 'bgRgb':
      return rgbText(color.value);
    default:
      return undefined;
  }
}

const FLAGS = SCREEN_STYLE_FLAGS;

/** The contract's run for `length` code points in this cell style (only what differs from the default). */
function runOf(style: CellStyle, length: number): ScreenStyleRun {
  const run: ScreenStyleRun = { length };
  const fg = colorOf(style.fgColor);
  const bg = colorOf(style.bgColor);
  if (fg !== undefined) run.fg = fg;
  if (bg !== undefined) run.bg = bg;
  for (const flag of FLAGS) if (style[flag]) run[flag] = true;
  return run;
}

const sameLook = (a: ScreenStyleRun, b: ScreenStyleRun): boolean =>
  a.fg === b.fg && a.bg === b.bg && FLAGS.every((flag) => a[flag] === b[flag]);

const isDefault = (run: ScreenStyleRun): boolean => Object.keys(run).length === 1;

/**
 * iTerm2's per-cell styles of a line (run-length over cells) as the contract's runs over the line's
 * text (run-length over code points, via `code_points_per_cell`: a wide character's second cell and
 * an empty cell hold none). Neighbouring runs that look the same are merged and a default tail is
 * dropped, so an unstyled line is `[]`. At most MAX_STYLE_RUNS runs: the rest of a finer line is unstyled.
 */
export function styleRunsOf(line: LineContents): ScreenStyleRun[] {
  if (line.style.length === 0) return [];
  const textPoints = [...line.text].length;
  // Code points per cell; a server that sends no mapping means one per cell.
  const perCell: number[] = [];
  for (const run of line.codePointsPerCell)
    for (let i = 0; i < Math.max(0, run.repeats); i++) perCell.push(Math.max(0, run.numCodePoints));
  const runs: ScreenStyleRun[] = [];
  let cell = 0;
  let point = 0;
  for (const style of line.style) {
    const cells = Math.max(1, style.repeats ?? 1);
    let length = 0;
    for (let i = 0; i < cells; i++, cell++)
      length += line.codePointsPerCell.length ? (perCell[cell] ?? 0) : cell < textPoints ? 1 : 0;
    length = Math.min(length, textPoints - point);
    if (length <= 0) continue;
    point += length;
    const run = runOf(style, length);
    const previous = runs[runs.length - 1];
    if (previous && sameLook(previous, run)) previous.length += length;
    else if (runs.length < MAX_STYLE_RUNS) runs.push(run);
    else break;
    if (point >= textPoints) break;
  }
  while (runs.length && isDefault(runs[runs.length - 1]!)) runs.pop();
  return runs;
}
