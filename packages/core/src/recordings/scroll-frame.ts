import type { ScreenRow } from '@switchboard/protocol';
import { sameRuns, screenFrame, type FrameBody } from '../panes/screen-frame';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** A recorded frame's body: a screen frame that may say the rows moved up first (`RecordedFrame.scrolled`). */
export type RecordedFrameBody = FrameBody & { scrolled?: number };

/** Whether `next`'s row differs from what `previous` shows there once moved up by `shift` rows (blank below). */
function differs(previous: ScreenSnapshot, next: ScreenSnapshot, row: number, shift: number): boolean {
  const moved = row + shift < next.lines.length;
  return (
    (moved ? previous.lines[row + shift] : '') !== next.lines[row] ||
    !sameRuns(moved ? previous.styles?.[row + shift] : undefined, next.styles?.[row])
  );
}

/** How many of `next`'s rows differ from `previous` moved up by `shift`, counted up to `atMost`. */
function changedRows(previous: ScreenSnapshot, next: ScreenSnapshot, shift: number, atMost: number): number {
  let changed = 0;
  for (let row = 0; row < next.lines.length && changed < atMost; row++)
    if (differs(previous, next, row, shift)) changed++;
  return changed;
}

/**
 * The frame that takes a replay from `previous` to `next` (as `screenFrame`), told as a scroll when that is
 * shorter: when the screen scrolled by k rows (its top row was row k before), the rows that moved up are not
 * repeated; only the rows that differ from the moved screen are listed. A printing pane's frame then carries
 * its few new lines, not all its rows. Candidates are the rows of `previous` that hold `next`'s top row; the
 * one needing the fewest changed rows wins, and only if it needs fewer than the plain frame. The candidates
 * are counted before any row is built (a frame a second per printing pane: the plain frame's rows were
 * garbage every time the scroll won).
 */
export function recordedFrameOf(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
): RecordedFrameBody | undefined {
  if (!previous || previous.lines.length !== next.lines.length || previous.columns !== next.columns)
    return screenFrame(previous, next);
  const rows = next.lines.length;
  let fewest = changedRows(previous, next, 0, rows);
  if (fewest <= 1) return screenFrame(previous, next);
  let scrolled = 0;
  for (let shift = 1; shift < rows; shift++) {
    if (previous.lines[shift] !== next.lines[0]) continue;
    const changed = changedRows(previous, next, shift, fewest);
    if (changed < fewest) [fewest, scrolled] = [changed, shift];
  }
  if (scrolled === 0) return screenFrame(previous, next);
  const changes: ScreenRow[] = [];
  for (let row = 0; row < rows; row++) {
    if (!differs(previous, next, row, scrolled)) continue;
    const text = next.lines[row]!;
    const styles = next.styles?.[row];
    changes.push(styles?.length ? { row, text, styles } : { row, text });
  }
  // The keys in the order the plain frame has them, `scrolled` last (the JSON line is as before).
  return {
    full: false,
    rows,
    ...(next.columns ? { columns: next.columns } : {}),
    changes,
    cursor: { ...next.cursor },
    scrolled,
  };
}
