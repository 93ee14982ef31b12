import type { ScreenRow } from '@switchboard/protocol';
import { sameRuns, screenFrame, type FrameBody } from '../panes/screen-frame';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** A recorded frame's body: a screen frame that may say the rows moved up first (`RecordedFrame.scrolled`). */
export type RecordedFrameBody = FrameBody & { scrolled?: number };

/**
 * The frame that takes a replay from `previous` to `next` (as `screenFrame`), told as a scroll when that is
 * shorter: when the screen scrolled by k rows (its top row was row k before), the rows that moved up are not
 * repeated; only the rows that differ from the moved screen are listed. A printing pane's frame then carries
 * its few new lines, not all its rows. Candidates are the rows of `previous` that hold `next`'s top row; the
 * one needing the fewest changed rows wins, and only if it needs fewer than the plain frame.
 */
export function recordedFrameOf(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
): RecordedFrameBody | undefined {
  const plain = screenFrame(previous, next);
  if (!plain || plain.full || !previous || plain.changes.length <= 1) return plain;
  const rows = next.lines.length;
  let best: ScreenRow[] = plain.changes;
  let scrolled = 0;
  for (let shift = 1; shift < rows; shift++) {
    if (previous.lines[shift] !== next.lines[0]) continue;
    const changes: ScreenRow[] = [];
    for (let row = 0; row < rows && changes.length < best.length; row++) {
      const moved = row + shift < rows;
      const text = next.lines[row]!;
      const styles = next.styles?.[row];
      if (
        (moved ? previous.lines[row + shift] : '') !== text ||
        !sameRuns(moved ? previous.styles?.[row + shift] : undefined, styles)
      )
        changes.push(styles?.length ? { row, text, styles } : { row, text });
    }
    if (changes.length < best.length) {
      best = changes;
      scrolled = shift;
    }
  }
  return scrolled === 0 ? plain : { ...plain, scrolled, changes: best };
}
