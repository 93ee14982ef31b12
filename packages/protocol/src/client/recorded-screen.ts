import type { RecordedFrame } from '../commands/recordings';
import type { ScreenStyleRun } from '../events/mirror';

/** A screen rebuilt from recorded frames. */
export interface RecordedScreen {
  lines: string[];
  styles: (ScreenStyleRun[] | undefined)[];
  columns: number | undefined;
  cursor: { x: number; y: number };
  /** Rows that soft-wrap onto the next. */
  wrapped: number[];
}

/**
 * The screen after `frame`: a full frame stands alone, any other moves the rows up by `scrolled` (blank
 * rows entering at the bottom) and then changes the rows it lists.
 */
export function applyFrame(screen: RecordedScreen | undefined, frame: RecordedFrame): RecordedScreen {
  const blank = (rows: number) => ({
    lines: new Array<string>(rows).fill(''),
    styles: new Array<ScreenStyleRun[] | undefined>(rows).fill(undefined),
  });
  const shift = Math.min(frame.scrolled ?? 0, screen?.lines.length ?? 0);
  const base =
    frame.full || !screen
      ? blank(frame.rows)
      : {
          lines: [...screen.lines.slice(shift), ...blank(shift).lines],
          styles: [...screen.styles.slice(shift), ...blank(shift).styles],
        };
  for (const change of frame.changes) {
    base.lines[change.row] = change.text;
    base.styles[change.row] = change.styles;
  }
  return {
    ...base,
    columns: frame.columns ?? screen?.columns,
    cursor: { ...frame.cursor },
    wrapped: frame.wrapped ?? [],
  };
}

/** A full frame that shows `screen` at `at`. */
export function fullFrameOf(screen: RecordedScreen, at: number): RecordedFrame {
  return {
    at,
    full: true,
    rows: screen.lines.length,
    ...(screen.columns ? { columns: screen.columns } : {}),
    changes: screen.lines.map((text, row) =>
      screen.styles[row]?.length ? { row, text, styles: screen.styles[row] } : { row, text },
    ),
    cursor: { ...screen.cursor },
    ...(screen.wrapped.length ? { wrapped: [...screen.wrapped] } : {}),
  };
}
