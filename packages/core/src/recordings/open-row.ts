import { LineBuffer } from './line-buffer';
import type { IndexedLine } from './recording-repository';

/**
 * An agent's new lines of its open chunk, gathered for the index: one row per agent per chunk (~5 s of a printing
 * pane's lines; FTS5 pays per row and distinct word, so repeated words cost once per row: one row per frame cost
 * twice the CPU), each line's own time kept as its offset from the row's. The row goes to the index with its
 * chunk, or sooner when a reader asks (`Recorder.indexPending`). The text is held as bytes (`LineBuffer`) until
 * the row is taken.
 */
export interface OpenRow {
  /** The time of the row's first line (ms). */
  at: number;
  offsets: number[];
  lines: LineBuffer;
}

export const emptyRow = (): OpenRow => ({ at: 0, offsets: [], lines: new LineBuffer() });

/** Adds lines that appeared at `at`. */
export function addToRow(row: OpenRow, at: number, lines: readonly string[]): void {
  if (row.lines.count === 0) row.at = at;
  for (const line of lines) {
    row.lines.push(line);
    row.offsets.push(at - row.at);
  }
}

/** The row as the index takes it, and the open row emptied for the next lines; undefined when it holds none. */
export function takeRow(agentId: string, row: OpenRow): IndexedLine | undefined {
  if (row.lines.count === 0) return undefined;
  const taken = { agentId, at: row.at, text: row.lines.text(), offsets: row.offsets };
  row.lines.clear();
  row.offsets = [];
  return taken;
}
