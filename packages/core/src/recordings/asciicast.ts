import { frameStreamOutput, type RecordedFrame, type RecordedScreen } from '@switchboard/protocol';

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
 * The asciicast event lines for a frame: `[seconds since start, "o", output]`, a resize first when the size
 * changed. A frame after lines that scrolled past (`screen`: the screen it leads to) prints those lines, then
 * draws its screen whole; lines it could not keep are said by a marker (`"m"`).
 */
export function asciicastEvents(
  frame: RecordedFrame,
  startMs: number,
  size: { width: number; height: number },
  screen: RecordedScreen,
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
  lines.push(JSON.stringify([time, 'o', frameStreamOutput(frame, screen, size.height)]));
  return lines;
}
