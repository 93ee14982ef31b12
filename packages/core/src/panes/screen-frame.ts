import type { ScreenRow, ScreenStyleRun } from '@switchboard/protocol';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** What a `pane.screen` frame carries besides its envelope and numbering. */
export interface FrameBody {
  full: boolean;
  rows: number;
  columns?: number;
  changes: ScreenRow[];
  cursor: ScreenSnapshot['cursor'];
}

/**
 * Whether two rows' style runs look the same. A loop, no `(a ?? []).every(…)`: that made an array and a closure for
 * every row of every frame wherever V8 did not inline it (~520 bytes a frame of the recorder's, frame-allocation test).
 */
export function sameRuns(
  a: readonly ScreenStyleRun[] | undefined,
  b: readonly ScreenStyleRun[] | undefined,
): boolean {
  const length = a?.length ?? 0;
  if (length !== (b?.length ?? 0)) return false;
  for (let i = 0; i < length; i++) if (JSON.stringify(a![i]) !== JSON.stringify(b![i])) return false;
  return true;
}

/**
 * The frame that takes a viewer from `previous` to `next`: every row when there is no previous screen
 * or the row count or width changed, else only the rows whose text or look differs. A row carries its
 * style runs when it has any. Undefined when nothing visible changed (same rows, same cursor), so a
 * redraw that lands on the same screen costs nothing.
 */
export function screenFrame(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
): FrameBody | undefined {
  const full =
    previous === undefined ||
    previous.lines.length !== next.lines.length ||
    previous.columns !== next.columns;
  const changes: ScreenRow[] = [];
  next.lines.forEach((text, row) => {
    const styles = next.styles?.[row];
    if (full || previous.lines[row] !== text || !sameRuns(previous.styles?.[row], styles)) {
      changes.push(styles?.length ? { row, text, styles } : { row, text });
    }
  });
  if (
    !full &&
    changes.length === 0 &&
    previous.cursor.x === next.cursor.x &&
    previous.cursor.y === next.cursor.y
  )
    return undefined;
  return {
    full,
    rows: next.lines.length,
    ...(next.columns ? { columns: next.columns } : {}),
    changes,
    cursor: { ...next.cursor },
  };
}
