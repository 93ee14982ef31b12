import type { ScreenRow } from '@switchboard/protocol';
import { sameRuns, type FrameBody } from '../panes/screen-frame';
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
 * What a recorded frame from `previous` to `next` is, without its rows: full (every row), plain (the rows that
 * differ) or scrolled (the rows moved up by `scrolled`, then the rows that differ from the moved screen); undefined
 * when nothing visible changed. The rows are listed by `frameRowChanged` (`recordedFrameOf` makes them objects; the
 * recorder writes them straight into the frame's JSON, `frame-json.ts`: a printing pane's frame a second was an array
 * and an object per new row, garbage at once).
 */
export interface FramePlan {
  full: boolean;
  rows: number;
  /** The pane's width, when known (0: not known). */
  columns: number;
  /** The rows moved up by this many before the changes apply (`RecordedFrame.scrolled`; 0: not scrolled). */
  scrolled: number;
  /** The screen the frame goes from (what its rows changed from), unless it is full. */
  previous: ScreenSnapshot | undefined;
}

/** Whether the frame `plan` (to `next`) lists `next`'s row `row`. */
export function frameRowChanged(plan: FramePlan, next: ScreenSnapshot, row: number): boolean {
  return plan.full || !plan.previous || differs(plan.previous, next, row, plan.scrolled);
}

/**
 * Every plan has the same keys, numbers where numbers go (0 for none): one shape for the frame writer to meet, whatever
 * the frame (`undefined` then a number in the same key changed the shape, and the writer's optimized code was dropped).
 */
const planOf = (previous: ScreenSnapshot | undefined, next: ScreenSnapshot, scrolled = 0): FramePlan => ({
  full: !previous,
  rows: next.lines.length,
  columns: next.columns ?? 0,
  scrolled,
  previous,
});

/**
 * The frame that takes a replay from `previous` to `next` (as `screenFrame`), told as a scroll when that is
 * shorter: when the screen scrolled by k rows (its top row was row k before), the rows that moved up are not
 * repeated; only the rows that differ from the moved screen are listed. A printing pane's frame then carries
 * its few new lines, not all its rows. Candidates are the rows of `previous` that hold `next`'s top row; the
 * one needing the fewest changed rows wins, and only if it needs fewer than the plain frame. The candidates
 * are counted before any row is listed.
 */
export function framePlan(previous: ScreenSnapshot | undefined, next: ScreenSnapshot): FramePlan | undefined {
  if (!previous || previous.lines.length !== next.lines.length || previous.columns !== next.columns)
    return planOf(undefined, next);
  const rows = next.lines.length;
  let fewest = changedRows(previous, next, 0, rows);
  if (fewest === 0 && previous.cursor.x === next.cursor.x && previous.cursor.y === next.cursor.y)
    return undefined;
  if (fewest <= 1) return planOf(previous, next);
  let scrolled = 0;
  for (let shift = 1; shift < rows; shift++) {
    if (previous.lines[shift] !== next.lines[0]) continue;
    const changed = changedRows(previous, next, shift, fewest);
    if (changed < fewest) [fewest, scrolled] = [changed, shift];
  }
  return planOf(previous, next, scrolled);
}

/** The frame's body as an object (`framePlan` with its rows listed; keys in the order of the frame's JSON line). */
export function recordedFrameOf(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
): RecordedFrameBody | undefined {
  const plan = framePlan(previous, next);
  if (!plan) return undefined;
  const changes: ScreenRow[] = [];
  for (let row = 0; row < plan.rows; row++) {
    if (!frameRowChanged(plan, next, row)) continue;
    const text = next.lines[row]!;
    const styles = next.styles?.[row];
    changes.push(styles?.length ? { row, text, styles } : { row, text });
  }
  const { full, rows, columns, scrolled } = plan;
  return {
    full,
    rows,
    ...(columns ? { columns } : {}),
    changes,
    cursor: { ...next.cursor },
    ...(scrolled ? { scrolled } : {}),
  };
}
