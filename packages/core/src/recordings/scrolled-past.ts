import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import type { RecordingOptions } from './recording-options';
import { linesAbove, screenPart } from '../panes/passed-lines';
import { logicalLines } from './redact-screen';
import type { FramePlan } from './scroll-frame';

/** Lines numbered `first` … `first + count - 1` that entered and left the screen between two reads. */
export interface UnseenLines {
  first: number;
  count: number;
}

/**
 * The lines that scrolled past between the last recorded screen and `next` without being recorded: from
 * the previous screen's cursor row (a line is recorded once the cursor has left it; the rows below it were
 * still to be written) to the new screen's first row. Needs both screens numbered (`firstLine`, iTerm2 and
 * the embedded server); undefined when nothing was missed, the backend cannot tell, or the numbering went
 * back (a pane restarted).
 */
export function unseenBetween(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
): UnseenLines | undefined {
  if (previous?.firstLine === undefined || next.firstLine === undefined) return undefined;
  const first = previous.firstLine + previous.cursor.y;
  const count = next.firstLine - first;
  return count > 0 ? { first, count } : undefined;
}

/**
 * How many rows `next` moved up since `previous`: told by their numbers (the backends that number lines), else the
 * scroll the frame's plan found by the text (0: none).
 */
export function linesScrolled(
  previous: ScreenSnapshot | undefined,
  next: ScreenSnapshot,
  plan: Pick<FramePlan, 'scrolled'> | undefined,
): number {
  if (previous?.firstLine === undefined || next.firstLine === undefined) return plan?.scrolled ?? 0;
  return Math.max(0, next.firstLine - previous.firstLine);
}

/**
 * The lines that scrolled past since the last frame, as a frame keeps them: `passed` (read back, oldest first),
 * `skipped` (counted only), and `continued`: the screen's first line is the tail of the last of `passed`.
 */
export interface Gap {
  passed: string[];
  skipped: number;
  continued?: boolean;
}

/**
 * A read with scrollback (its `rows`, else `rows`, screen rows at its end) split into the screen and the lines above it that
 * came after `previous`'s last row (joined where the terminal soft-wrapped them); `skipped` counts the
 * missed lines the read no longer held (lost from the scrollback, or more than it asked for). A line that
 * wraps from above the screen onto its first rows is passed whole (its head is no longer on the screen), and
 * `continued` says the screen's first line is its tail.
 */
export function splitCatchUp(
  read: ScreenSnapshot,
  rows: number,
  previous: ScreenSnapshot | undefined,
): { screen: ScreenSnapshot } & Gap {
  const above = linesAbove(read, rows);
  const screen = screenPart(read, rows);
  const missed = unseenBetween(previous, screen);
  if (!missed || read.firstLine === undefined) return { screen, passed: [], skipped: 0, continued: false };
  const from = Math.max(0, missed.first - read.firstLine);
  const skipped = Math.max(0, read.firstLine - missed.first);
  // A row below the previous cursor that still shows what it showed then was on that screen (a full-screen
  // program's status rows): not passed again.
  const keep = (index: number) => {
    const row = read.firstLine! + index - previous!.firstLine!;
    return (
      row <= previous!.cursor.y || row >= previous!.lines.length || previous!.lines[row] !== read.lines[index]
    );
  };
  const indexes: number[] = [];
  for (let index = from; index < above; index++) if (keep(index)) indexes.push(index);
  // The screen's rows that end the line wrapping onto it from above, when that line is complete (above the cursor).
  let tail = 0;
  if (read.wraps?.[above - 1] && indexes.at(-1) === above - 1) {
    while (read.wraps[above + tail] && above + tail < read.cursor.y) tail++;
    tail = read.wraps[above + tail] || above + tail >= read.cursor.y ? 0 : tail + 1;
  }
  for (let row = 0; row < tail; row++) indexes.push(above + row);
  // Soft-wrapped rows joined into their line (a line still being written that wraps onto the screen, the cursor on
  // it: its head above is passed as a line of its own, the rest is the screen's); blank lines left out.
  const passed: string[] = [];
  let line = '';
  for (let i = 0; i < indexes.length; i++) {
    line += read.lines[indexes[i]!];
    if (read.wraps?.[indexes[i]!] && i < indexes.length - 1) continue;
    if (line.trim() !== '') passed.push(line);
    line = '';
  }
  return { screen, passed, skipped, continued: tail > 0 };
}

/**
 * Reads a pane back with as much scrollback as the missed lines need: those lines, and as many again (at least
 * a screen's worth) for what the pane prints before the read arrives — not the whole `bound` each time. Asking
 * for the bound made every read-back of a steadily printing pane decode a thousand lines of history to keep
 * the few it missed (bench/host-cpu: the largest share of what recording cost the host). A read that still
 * did not reach back to the first missed line (the pane went on printing while the read was on its way) is read
 * once more, asking for the lines from the first missed one to that read's screen and twice what the pane
 * printed while it was on its way (at least a screen's worth each time), up to `bound`: a burst printing fast
 * (the scrolled-past test's 600 lines under load) gets the whole bound as before, a pane printing steadily on a
 * loaded machine a few dozen lines (it had every second read-back ask for the bound: on the embedded server,
 * 30 panes printing 20 lines a second, the recording host decoded 145 MB of replies in 30 s against 4 MB
 * without read-backs, and its garbage collection took 20× the time). What even that misses, the frame counts
 * as skipped.
 */
export async function readBack(
  read: (scrollback: number) => Promise<ScreenSnapshot>,
  missed: UnseenLines,
  rows: number,
  bound: number,
): Promise<ScreenSnapshot> {
  const asked = Math.min(bound, missed.count + Math.max(missed.count, rows));
  const first = await read(asked);
  const short = first.firstLine === undefined ? 0 : first.firstLine - missed.first;
  // Fewer lines than asked: the scrollback holds no more, a second read would not either.
  if (short <= 0 || asked >= bound || first.lines.length < asked + (first.rows ?? rows)) return first;
  // The screen the read-back was asked from started right after the missed lines; the read's, this much lower.
  const printedMeanwhile = first.firstLine! + asked - (missed.first + missed.count);
  return read(Math.min(bound, short + asked + 2 * Math.max(printedMeanwhile, rows)));
}

/**
 * Reads a pane back for `missed` lines (`readBack`), telling the backend the screen's rows (iTerm2 need not ask
 * for them first: a round trip less); with `catchUpReadsBound` (the previous way, for benches), the whole bound.
 */
export function readBackOf(
  readScreen: TerminalBackend['readScreen'],
  paneId: string,
  missed: UnseenLines,
  rows: number,
  options: Pick<RecordingOptions, 'styles' | 'catchUpLines' | 'catchUpReadsBound'>,
): Promise<ScreenSnapshot> {
  const styles = options.styles ? { styles: true } : {};
  const read = (scrollback: number) => readScreen(paneId, { scrollback, rows, ...styles });
  const bound = options.catchUpLines;
  return options.catchUpReadsBound ? read(bound) : readBack(read, missed, rows, bound);
}

/** The newest of `lines` that fit in `bytes` (UTF-16 length, as a chunk's JSON counts), oldest first. */
export function newestWithin(lines: readonly string[], bytes: number): readonly string[] {
  let size = 0;
  let from = lines.length;
  while (from > 0 && size + lines[from - 1]!.length + 3 <= bytes) size += lines[--from]!.length + 3;
  return from === 0 ? lines : lines.slice(from);
}

/**
 * How often a pane's scrolled-past lines are read back: a few reads at once (a burst longer than the screen
 * is read back whole), then one every `refillMs`. A pane that prints more than its screen holds between every
 * two reads (a small pane in a big fleet, steadily printing) would otherwise cost a second read and its lines'
 * indexing each time (200 such panes: 27 % of a core against 11 % without); beyond the budget the frames count
 * what they skipped.
 */
export class CatchUpBudget {
  private tokens: number;
  private since: number;

  constructor(
    now: number,
    private readonly burst = 3,
    private readonly refillMs = 5_000,
  ) {
    this.tokens = burst;
    this.since = now;
  }

  /** Takes one read back if the budget allows it now. */
  take(now: number): boolean {
    const earned = Math.floor((now - this.since) / this.refillMs);
    if (earned > 0) {
      this.tokens = Math.min(this.burst, this.tokens + earned);
      this.since = this.tokens === this.burst ? now : this.since + earned * this.refillMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * How many rows at the top of `next` came back from the scrollback: a pane grown taller pulls the lines above its
 * screen down into it (xterm and iTerm2 both do). Those lines were recorded when they were on a screen or scrolled
 * past, so they are not fresh again. Told by the numbers (`next` starts that many lines above `previous`) and
 * checked by the text (`previous`'s top row is that many rows down), so a pane restarted, its lines numbered from 0
 * again, is not taken for one that grew.
 */
export function rowsRestored(previous: ScreenSnapshot | undefined, next: ScreenSnapshot): number {
  if (previous?.firstLine === undefined || next.firstLine === undefined) return 0;
  const restored = previous.firstLine - next.firstLine;
  if (restored <= 0 || restored >= next.lines.length) return 0;
  return next.lines[restored] === previous.lines[0] ? restored : 0;
}

/** The lines of a screen's first `rows` rows (soft-wrapped rows joined): what a frame's `restored` rows hold. */
export function restoredLines(screen: Pick<ScreenSnapshot, 'lines' | 'wraps'>, rows: number): string[] {
  const top = {
    lines: screen.lines.slice(0, rows),
    wraps: screen.wraps?.slice(0, rows),
    cursor: { x: 0, y: -1 },
  };
  return logicalLines(top).lines;
}
