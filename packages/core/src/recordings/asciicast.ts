import {
  fullFrameOf,
  printable,
  styledRow,
  type RecordedFrame,
  type RecordedScreen,
} from '@switchboard/protocol';

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
  return `\x1b[0m\x1b[${height};1H${passed.map((line) => `\r\n${printable(line)}`).join('')}${'\r\n'.repeat(height)}`;
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
