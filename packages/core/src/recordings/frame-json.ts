import type { ScreenSnapshot } from '../ports/terminal-backend';
import type { JsonBytes } from './json-bytes';
import { frameRowChanged, type FramePlan } from './scroll-frame';

/** What a recorded frame holds, as `Recorder.record` has it (not yet gathered into a `RecordedFrame`). */
export interface FrameParts {
  at: number;
  /** Which rows changed (and the scroll: `framePlan`); undefined when none did (only the gap or the cursor is news). */
  plan: FramePlan | undefined;
  /** The screen as recorded (redacted): its rows, cursor and wrapping. */
  screen: ScreenSnapshot;
  passed: readonly string[];
  skipped: number;
  /** The screen's first rows that came back from the scrollback (`RecordedFrame.restored`). */
  restored?: number;
}

/** A changed row: `{"row":…,"text":…}` with its style runs when it has any. */
function writeRow(out: JsonBytes, screen: ScreenSnapshot, row: number, first: boolean): void {
  out.ascii(first ? '{"row":' : ',{"row":');
  out.value(row);
  out.ascii(',"text":');
  out.value(screen.lines[row]);
  const styles = screen.styles?.[row];
  if (styles?.length) {
    out.ascii(',"styles":');
    out.value(styles);
  }
  out.byte(0x7d);
}

/** The rows that soft-wrap onto the next, as `"wrapped":[…]` (no array made: `flatMap` made one per row). */
function writeWrapped(out: JsonBytes, wraps: readonly boolean[]): void {
  out.ascii(',"wrapped":[');
  let first = true;
  for (let row = 0; row < wraps.length; row++) {
    if (!wraps[row]) continue;
    if (!first) out.byte(0x2c);
    first = false;
    out.value(row);
  }
  out.byte(0x5d);
}

/**
 * A recorded frame's JSON line, written from its parts: byte for byte `JSON.stringify` of the frame the
 * recorder built before (`{ at, ...recordedFrameOf(previous, screen), cursor, wrapped?, passed?, skipped?, restored? }`,
 * keys in that order), without building that object (its spreads, an object per changed row) or walking its keys
 * (`JsonBytes.value` on an object). A printing pane's frame is ~20 changed rows a second: the keys are known, only
 * the texts need writing.
 */
export function writeFrame(
  out: JsonBytes,
  { at, plan, screen, passed, skipped, restored }: FrameParts,
): void {
  out.ascii('{"at":');
  out.value(at);
  out.ascii(plan?.full ? ',"full":true,"rows":' : ',"full":false,"rows":');
  out.value(plan?.rows ?? screen.lines.length);
  if (plan?.columns) {
    out.ascii(',"columns":');
    out.value(plan.columns);
  }
  out.ascii(',"changes":[');
  let first = true;
  for (let row = 0; plan && row < plan.rows; row++)
    if (frameRowChanged(plan, screen, row)) {
      writeRow(out, screen, row, first);
      first = false;
    }
  // The cursor as `JSON.stringify` has `{ x, y }` (no walk over its keys).
  out.ascii('],"cursor":{"x":');
  out.value(screen.cursor.x);
  out.ascii(',"y":');
  out.value(screen.cursor.y);
  out.byte(0x7d);
  if (plan?.scrolled) {
    out.ascii(',"scrolled":');
    out.value(plan.scrolled);
  }
  if (screen.wraps?.includes(true)) writeWrapped(out, screen.wraps);
  if (passed.length > 0) {
    out.ascii(',"passed":');
    out.value(passed);
  }
  if (skipped) {
    out.ascii(',"skipped":');
    out.value(skipped);
  }
  if (restored) {
    out.ascii(',"restored":');
    out.value(restored);
  }
  out.byte(0x7d);
}
