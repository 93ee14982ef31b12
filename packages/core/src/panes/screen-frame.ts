import type { ScreenRow } from '@switchboard/protocol';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** What a `pane.screen` frame carries besides its envelope and numbering. */
export interface FrameBody {
  full: boolean;
  rows: number;
  changes: ScreenRow[];
  cursor: ScreenSnapshot['cursor'];
}

/**
 * The frame that takes a viewer from `previous` to `next`: every row when there is no previous screen
 * or the row count changed, else only the rows whose text differs. Undefined when nothing visible
 * changed (same rows, same cursor), so a redraw that lands on the same screen costs nothing.
 */
export function screenFrame(previous: ScreenSnapshot | undefined, next: ScreenSnapshot): FrameBody | undefined {
  const full = previous === undefined || previous.lines.length !== next.lines.length;
  const changes: ScreenRow[] = [];
  next.lines.forEach((text, row) => {
    if (full || previous.lines[row] !== text) changes.push({ row, text });
  });
  if (!full && changes.length === 0 && previous.cursor.x === next.cursor.x && previous.cursor.y === next.cursor.y) return undefined;
  return { full, rows: next.lines.length, changes, cursor: { ...next.cursor } };
}
