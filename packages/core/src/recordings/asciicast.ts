import {
  fullFrameOf,
  type RecordedFrame,
  type RecordedScreen,
  type ScreenStyleRun,
  type TerminalColor,
} from '@switchboard/protocol';

const colour = (value: TerminalColor, base: number, bright: number): string => {
  if (typeof value === 'string') {
    const n = Number.parseInt(value.slice(1), 16);
    return `${base + 8};2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}`;
  }
  if (value < 8) return String(base + value);
  if (value < 16) return String(bright + value - 8);
  return `${base + 8};5;${value}`;
};

/** The SGR sequence that gives a run its look (after a reset). */
export function sgrOf(run: ScreenStyleRun): string {
  const codes = ['0'];
  if (run.bold) codes.push('1');
  if (run.faint) codes.push('2');
  if (run.italic) codes.push('3');
  if (run.underline) codes.push('4');
  if (run.blink) codes.push('5');
  if (run.inverse) codes.push('7');
  if (run.invisible) codes.push('8');
  if (run.strikethrough) codes.push('9');
  if (run.fg !== undefined) codes.push(colour(run.fg, 30, 90));
  if (run.bg !== undefined) codes.push(colour(run.bg, 40, 100));
  return `\x1b[${codes.join(';')}m`;
}

/** A row's text with its look, as terminal output (runs count code points). */
export function styledRow(text: string, styles: readonly ScreenStyleRun[] | undefined): string {
  if (!styles?.length) return text;
  const chars = Array.from(text);
  let out = '';
  let at = 0;
  for (const run of styles) {
    out += sgrOf(run) + chars.slice(at, at + run.length).join('');
    at += run.length;
  }
  return `${out}\x1b[0m${chars.slice(at).join('')}`;
}

/**
 * Terminal output that takes a terminal showing the previous frame to this one: a scroll as line feeds at the
 * bottom row (the terminal moves its rows up itself), rows rewritten in place, then the cursor.
 */
export function frameOutput(frame: RecordedFrame): string {
  let out = frame.full ? '\x1b[0m\x1b[H\x1b[2J' : '';
  if (!frame.full && frame.scrolled) out += `\x1b[0m\x1b[${frame.rows};1H${'\n'.repeat(frame.scrolled)}`;
  for (const change of frame.changes)
    out += `\x1b[${change.row + 1};1H\x1b[2K${styledRow(change.text, change.styles)}`;
  return `${out}\x1b[${frame.cursor.y + 1};${frame.cursor.x + 1}H`;
}

export interface AsciicastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp: number;
  title: string;
}

/** The header line of an asciicast v2 file (asciinema's format: one JSON object, then one event per line). */
export function asciicastHeader(
  frames: readonly RecordedFrame[],
  startMs: number,
  title: string,
): AsciicastHeader {
  const first = frames[0];
  const width =
    first?.columns ?? Math.max(80, ...(first?.changes ?? []).map((change) => Array.from(change.text).length));
  return {
    version: 2,
    width,
    height: Math.max(1, first?.rows ?? 24),
    timestamp: Math.floor(startMs / 1000),
    title,
  };
}

/**
 * Lines that scrolled past before a frame, as a terminal would have shown them: printed at the bottom row so
 * the screen before them and they themselves scroll up (into a player's scrollback), then scrolled out.
 */
function passedOutput(passed: readonly string[], height: number): string {
  return `\x1b[0m\x1b[${height};1H${passed.map((line) => `\r\n${line}`).join('')}${'\r\n'.repeat(height)}`;
}

/**
 * The asciicast event lines for a frame: `[seconds since start, "o", output]`, a resize first when the size
 * changed. A frame after lines that scrolled past (`screen`: the screen it leads to) prints those lines, then
 * draws its screen whole; lines it could not keep are said by a marker (`"m"`).
 */
export function asciicastEvents(
  frame: RecordedFrame,
  startMs: number,
  size: { width: number; height: number },
  screen?: RecordedScreen,
): string[] {
  const time = Math.max(0, (frame.at - startMs) / 1000);
  const lines: string[] = [];
  const width = frame.columns ?? size.width;
  if (frame.skipped)
    lines.push(JSON.stringify([time, 'm', `${frame.skipped} lines scrolled past unrecorded`]));
  if (frame.full && (width !== size.width || frame.rows !== size.height)) {
    size.width = width;
    size.height = frame.rows;
    lines.push(JSON.stringify([time, 'r', `${width}x${frame.rows}`]));
  }
  const passed = frame.passed?.length && screen ? passedOutput(frame.passed, size.height) : undefined;
  const output = passed ? passed + frameOutput(fullFrameOf(screen!, frame.at)) : frameOutput(frame);
  lines.push(JSON.stringify([time, 'o', output]));
  return lines;
}
