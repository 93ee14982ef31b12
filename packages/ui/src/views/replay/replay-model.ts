import type { RecordedFrame, RecordedScreen, TimelineEvent, TimelineKind } from '@switchboard/protocol';
import type { ScreenFrame } from '../../mirror/screen-writer';

/** Playback speeds offered (× real time). */
export const SPEEDS = [1, 2, 4, 8, 16, 64] as const;

export const KIND_LABELS: Record<TimelineKind, string> = {
  'message.out': 'message sent',
  'message.in': 'message received',
  'approval.asked': 'approval asked',
  'approval.decided': 'approval decided',
  state: 'state',
  'lock.acquired': 'lock taken',
  'lock.released': 'lock released',
  recovery: 'recovery',
};

/** The index of the last frame at or before `at`; -1 when every frame is later (nothing on screen yet). */
export function frameIndexAt(frames: readonly Pick<RecordedFrame, 'at'>[], at: number): number {
  let low = 0;
  let high = frames.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (frames[middle]!.at <= at) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The first event strictly after `at` (the "next event" button), or undefined at the end. */
export function nextEvent<T extends Pick<TimelineEvent, 'at'>>(
  events: readonly T[],
  at: number,
): T | undefined {
  return events.find((event) => event.at > at);
}

/**
 * The span a replay covers: from the earliest first frame to the latest last frame or event, whichever is later
 * (null: nothing recorded). An event after the last frame (the agent's state settling after its screen did) is
 * still on the timeline, so playing to the end reaches it. A span that could not be read (`holes`) is on it whole,
 * even before the first frame or with no frame at all: a missing part is shown, not left out.
 */
export function spanOf(
  lanes: readonly (readonly Pick<RecordedFrame, 'at'>[])[],
  events: readonly { at: number }[] = [],
  holes: readonly { from: number; to: number }[] = [],
): { from: number; to: number } | null {
  const firsts = lanes.filter((frames) => frames.length > 0);
  if (firsts.length === 0 && holes.length === 0) return null;
  const from = Math.min(...firsts.map((frames) => frames[0]!.at), ...holes.map((hole) => hole.from));
  let to = Math.max(...firsts.map((frames) => frames.at(-1)!.at), ...holes.map((hole) => hole.to));
  for (const event of events) if (event.at > to) to = event.at;
  return { from, to };
}

/** The words for a span that could not be read: "could not be read: 12 s missing". */
export function holeWords(hole: { from: number; to: number }): string {
  const seconds = (hole.to - hole.from) / 1000;
  return `could not be read: ${seconds < 1 ? 'under 1' : Math.round(seconds)} s missing`;
}

/** The span that could not be read holding `at`, if any. */
export function holeAt<T extends { from: number; to: number }>(
  holes: readonly T[],
  at: number,
): T | undefined {
  return holes.find((hole) => hole.from <= at && at <= hole.to);
}

/** Where on the timeline (0–100 %) a moment falls. */
export function percentOf(at: number, span: { from: number; to: number }): number {
  if (span.to <= span.from) return 0;
  return Math.min(100, Math.max(0, ((at - span.from) / (span.to - span.from)) * 100));
}

/** The time after `elapsedMs` of playing at `speed` from `at`, stopping at the end. */
export function advance(at: number, elapsedMs: number, speed: number, end: number): number {
  return Math.min(end, at + elapsedMs * speed);
}

/** A recorded screen as a full mirror frame (drawn by the live mirror's writer: text cleaned, colours as SGR). */
export function mirrorFrameOf(screen: RecordedScreen, number: number): ScreenFrame {
  return {
    frame: number,
    full: true,
    rows: screen.lines.length,
    columns: screen.columns,
    changes: screen.lines.map((text, row) => {
      const styles = screen.styles[row];
      return styles?.length ? { row, text, styles } : { row, text };
    }),
    cursor: screen.cursor,
  };
}

/** `HH:MM:SS.s` of a moment, for the timeline's labels. */
export function clockOf(at: number): string {
  const time = new Date(at);
  return `${time.toLocaleTimeString([], { hour12: false })}.${Math.floor(time.getMilliseconds() / 100)}`;
}
