import type { ScreenRow } from '@switchboard/protocol';
import type { ScreenSnapshot } from '../ports/terminal-backend';
import type { JsonBytes } from './json-bytes';
import type { RecordedFrameBody } from './scroll-frame';

/** What a recorded frame holds, as `Recorder.record` has it (not yet gathered into a `RecordedFrame`). */
export interface FrameParts {
  at: number;
  /** The rows that changed (and the scroll); undefined when none did (only the gap or the cursor is news). */
  body: RecordedFrameBody | undefined;
  /** The screen as recorded (redacted): its rows and cursor (what a frame without a body tells), its wrapping. */
  screen: ScreenSnapshot;
  passed: readonly string[];
  skipped: number;
  /** The screen's first rows that came back from the scrollback (`RecordedFrame.restored`). */
  restored?: number;
}

/** A change's row: `{"row":…,"text":…}` with its style runs when it has any. */
function writeRow(out: JsonBytes, change: ScreenRow, first: boolean): void {
  out.ascii(first ? '{"row":' : ',{"row":');
  out.value(change.row);
  out.ascii(',"text":');
  out.value(change.text);
  if (change.styles !== undefined) {
    out.ascii(',"styles":');
    out.value(change.styles);
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
 * recorder built before (`{ at, ...body, cursor, wrapped?, passed?, skipped?, restored? }`, keys in that order), without
 * building that object (its spreads) or walking its keys (`JsonBytes.value` on an object). A printing pane's
 * frame is ~20 changed rows a second: the keys are known, only the texts need writing.
 */
export function writeFrame(
  out: JsonBytes,
  { at, body, screen, passed, skipped, restored }: FrameParts,
): void {
  out.ascii('{"at":');
  out.value(at);
  out.ascii(body?.full ? ',"full":true,"rows":' : ',"full":false,"rows":');
  out.value(body?.rows ?? screen.lines.length);
  if (body?.columns !== undefined) {
    out.ascii(',"columns":');
    out.value(body.columns);
  }
  out.ascii(',"changes":[');
  const changes = body?.changes ?? [];
  for (let i = 0; i < changes.length; i++) writeRow(out, changes[i]!, i === 0);
  out.ascii('],"cursor":');
  out.value(body?.cursor ?? screen.cursor);
  if (body?.scrolled !== undefined) {
    out.ascii(',"scrolled":');
    out.value(body.scrolled);
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
