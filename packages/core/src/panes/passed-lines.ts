import type { ScreenSnapshot } from '../ports/terminal-backend';
import { screenOf } from './derived-screen';

/**
 * How many of a read's lines are above its screen: by the screen's rows the read reports, else by `rows` (the
 * caller's last count).
 */
export function linesAbove(read: ScreenSnapshot, rows: number): number {
  return Math.max(0, read.lines.length - (read.rows ?? rows));
}

/**
 * The screen of a read with scrollback (its `rows`, else `rows`, screen rows at its end): the rows, cursor, wraps,
 * styles and number a read of the screen alone gives.
 */
export function screenPart(read: ScreenSnapshot, rows: number): ScreenSnapshot {
  const above = linesAbove(read, rows);
  if (above === 0) return read;
  return screenOf({
    lines: read.lines.slice(above),
    cursor: { x: read.cursor.x, y: Math.max(0, read.cursor.y - above) },
    wraps: read.wraps?.slice(above),
    styles: read.styles?.slice(above),
    columns: read.columns,
    rows: read.rows,
    firstLine: read.firstLine === undefined ? undefined : read.firstLine + above,
  });
}

/**
 * Two reads of a pane as one (`newer`, with the lines of `older` above it that `newer` no longer holds), when no
 * line came between them: `newer` starts at or above `older`'s cursor row (the rows above that were written
 * out). Undefined when lines scrolled by between them unread, or either is not numbered.
 */
export function joinReads(older: ScreenSnapshot, newer: ScreenSnapshot): ScreenSnapshot | undefined {
  if (older.firstLine === undefined || newer.firstLine === undefined) return undefined;
  const keep = newer.firstLine - older.firstLine;
  if (keep < 0 || keep > older.cursor.y) return undefined;
  if (keep === 0) return newer;
  const { wraps, styles } = newer;
  return screenOf({
    lines: [...older.lines.slice(0, keep), ...newer.lines],
    cursor: { x: newer.cursor.x, y: newer.cursor.y + keep },
    wraps: wraps && [...(older.wraps?.slice(0, keep) ?? Array<boolean>(keep).fill(false)), ...wraps],
    styles: styles && [
      ...(older.styles?.slice(0, keep) ?? Array.from({ length: keep }, () => [])),
      ...styles,
    ],
    columns: newer.columns,
    rows: newer.rows,
    firstLine: older.firstLine,
  });
}

/** The pane's scrolling rate is taken over at least this long (ms): a short gap's burst says little of it. */
const RATE_OVER_MS = 500;
/**
 * The lines expected to scroll by are asked for with this margin (the rate varies from second to second). 1.25 asked
 * ~40 % more than a steadily printing pane needed (bench/recording-overhead, embedded: ~84 lines a read for ~60
 * scrolled, never short); what the margin misses is read back by the recorder.
 */
const MARGIN = 1.1;
/**
 * Trailing reads in a row before one reads the screen alone again (its rows as they are now, after a resize), where
 * the reads do not report the screen's rows.
 */
const RECHECK_ROWS_EVERY = 20;

/**
 * How many lines above the screen a pane's next read asks for, so the lines that scroll off between two reads
 * of a printing pane come with the next read (one request, one decode) instead of a read-back of their own.
 * From the pane's numbered lines (`firstLine`): the lines it scrolled per ms (the faster of its last two rates,
 * each over half a second at least: terminal output comes in bursts), times the time from the last read's start
 * to this read's answer (the slower of the last two reads' answer times), with a margin, less the rows below the
 * last read's cursor row that were still on that screen. A pane that did not scroll (quiet, or a backend that
 * does not number its lines) reads the screen alone; the ask never exceeds the consumers' bound (a flood beyond
 * it is read back or counted as skipped by whoever wants the lines).
 */
export class ScrollEstimate {
  /** The last screen's rows: a trailing read's screen is split off with them where the read does not say its own. */
  rows: number | undefined;
  /** The last read reported its screen's rows: no read of the screen alone is needed to learn them. */
  private rowsReported = false;
  private last: { firstLine: number; cursorY: number; at: number } | undefined;
  /** Where the rate is measured from. */
  private since: { firstLine: number; at: number } | undefined;
  private perMs = 0;
  private previousPerMs = 0;
  /** How long the last two reads took to answer (ms). */
  private answerMs = [0, 0];
  private trailingReads = 0;

  /** Lines above the screen to ask for in a read starting at `now` (0: the screen alone). */
  toAsk(now: number, bound: number): number {
    if (bound <= 0 || this.rows === undefined || !this.last || this.perMs <= 0) return 0;
    if (!this.rowsReported && this.trailingReads >= RECHECK_ROWS_EVERY) {
      this.trailingReads = 0;
      return 0;
    }
    const answered = now + Math.max(...this.answerMs);
    const expected = Math.max(this.perMs, this.previousPerMs) * (answered - this.last.at) * MARGIN + 2;
    const asked = Math.min(bound, Math.ceil(expected - this.last.cursorY));
    if (asked > 0) this.trailingReads++;
    return Math.max(0, asked);
  }

  /** The screen of a read that started at `at` and was answered at `answeredAt`. */
  heard(screen: ScreenSnapshot, at: number, answeredAt: number): void {
    this.rows = screen.lines.length;
    this.rowsReported = screen.rows !== undefined;
    this.answerMs = [this.answerMs[1]!, answeredAt - at];
    const firstLine = screen.firstLine;
    if (firstLine === undefined || (this.since && firstLine < this.since.firstLine)) {
      // Not numbered, or numbered from 0 again (a restarted pane): no rate until it scrolls again.
      this.last = this.since = undefined;
      this.perMs = this.previousPerMs = 0;
    }
    if (firstLine === undefined) return;
    this.since ??= { firstLine, at };
    if (at - this.since.at >= RATE_OVER_MS) {
      this.previousPerMs = this.perMs;
      this.perMs = (firstLine - this.since.firstLine) / (at - this.since.at);
      this.since = { firstLine, at };
    }
    this.last = { firstLine, cursorY: screen.cursor.y, at };
  }

  /** The pane's size may have changed (a layout change, a reconnection): the next read is of the screen alone. */
  reset(): void {
    this.rows = undefined;
  }
}
