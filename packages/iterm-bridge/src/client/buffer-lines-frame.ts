import { LineContents_Continuation, type GetBufferResponse } from '../gen/api_pb';
import { CELLS, CODE_POINTS, CONTINUATION, REPEATS, STATUSES, TEXT } from './buffer-response-frame';
import type { FrameReader } from './frame-reader';
import { getBufferAnswer, give, LENGTH_DELIMITED, once, tagOf, VARINT } from './frame-reader';

/**
 * What a screen read keeps of a `GetBufferResponse` (screen-read.ts): each line's text and whether it wraps into
 * the next, the cursor, and the number of the first line. Int64s as numbers, as the reader turns them.
 */
export interface BufferLines {
  /** GetBufferResponse.Status (0 = OK). */
  status: number;
  lines: string[];
  /** Per line: continuation SOFT_EOL (the next line continues it). */
  wraps: boolean[];
  cursor: { x: number; y: number } | undefined;
  /** `windowed_coord_range.coord_range.start.y`, when the answer has a start. */
  firstLine: number | undefined;
}

/** A decoded response's lines: what `bufferLinesAnswer` gives for the same frame (the general decoder's way). */
export function bufferLinesOf(response: GetBufferResponse): BufferLines {
  const start = response.windowedCoordRange?.coordRange?.start;
  const lines: string[] = [];
  const wraps: boolean[] = [];
  for (const line of response.contents) {
    lines.push(line.text);
    wraps.push(line.continuation === LineContents_Continuation.SOFT_EOL);
  }
  const { cursor } = response;
  return {
    status: response.status,
    lines,
    wraps,
    cursor: cursor ? { x: cursor.x, y: Number(cursor.y) } : undefined,
    firstLine: start ? Number(start.y) : undefined,
  };
}

/**
 * A screen read's answer (`ServerOriginatedMessage { id, get_buffer_response (100) }`) read straight into its
 * lines: no message per line, per run of cells, per coordinate, that the reader would drop. It accepts exactly the
 * frames `bufferAnswer` (buffer-response-frame.ts) accepts — the same checks of every field, the runs of cells and
 * the fields the lines leave out included — and gives `bufferLinesOf` of the message the general decoder reads
 * from them; anything else gives undefined (read it the general way).
 */
export function bufferLinesAnswer(bytes: Uint8Array): { id: bigint; lines: BufferLines } | undefined {
  const answer = getBufferAnswer(bytes, responseIn);
  return answer && { id: answer.id, lines: answer.response };
}

// GetBufferResponse
const STATUS = tagOf(1, VARINT);
const RANGE = tagOf(2, LENGTH_DELIMITED);
const CONTENTS = tagOf(3, LENGTH_DELIMITED);
const CURSOR = tagOf(4, LENGTH_DELIMITED);
const LINES_ABOVE_SCREEN = tagOf(5, VARINT);
const WINDOWED = tagOf(6, LENGTH_DELIMITED);
// WindowedCoordRange, CoordRange, Coord, Range
const FIRST_MESSAGE = tagOf(1, LENGTH_DELIMITED); // coord_range, start
const SECOND_MESSAGE = tagOf(2, LENGTH_DELIMITED); // columns, end
const X = tagOf(1, VARINT);
const Y = tagOf(2, VARINT);
const LOCATION = tagOf(1, VARINT);
const LENGTH = tagOf(2, VARINT);
const SOFT_EOL = LineContents_Continuation.SOFT_EOL;
const HARD_EOL = LineContents_Continuation.HARD_EOL;

function responseIn(reader: FrameReader, end: number): BufferLines {
  const lines: string[] = [];
  const wraps: boolean[] = [];
  let status = 0;
  let cursor: { x: number; y: number } | undefined;
  let firstLine: number | undefined;
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag === CONTENTS) {
      lineIn(reader, reader.end(), lines, wraps);
      continue;
    }
    seen = once(seen, tag);
    if (tag === STATUS) status = reader.enumOf(STATUSES);
    else if (tag === RANGE) skipPairIn(reader, reader.end(), LOCATION, LENGTH);
    else if (tag === CURSOR) cursor = coordIn(reader, reader.end());
    else if (tag === LINES_ABOVE_SCREEN) reader.skipVarint();
    else if (tag === WINDOWED) firstLine = windowedIn(reader, reader.end());
    else give();
  }
  return { status, lines, wraps, cursor, firstLine };
}

/** One line: its text and whether it wraps pushed; its runs of cells checked as `bufferAnswer` checks them. */
function lineIn(reader: FrameReader, end: number, lines: string[], wraps: boolean[]): void {
  let text = '';
  let continuation = 0;
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag === TEXT) {
      seen = once(seen, tag);
      text = reader.string();
    } else if (tag === CELLS) skipPairIn(reader, reader.end(), CODE_POINTS, REPEATS);
    else if (tag === CONTINUATION) {
      seen = once(seen, tag);
      // A closed enum of two values (buffer-response-frame's CONTINUATIONS), checked without the Set: once a line.
      continuation = reader.int32();
      if (continuation !== HARD_EOL && continuation !== SOFT_EOL) give();
    } else give();
  }
  lines.push(text);
  wraps.push(continuation === SOFT_EOL);
}

/** A message of two varint fields (a run of cells, a range), checked as `bufferAnswer` checks it, not kept. */
function skipPairIn(reader: FrameReader, end: number, first: number, second: number): void {
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag !== first && tag !== second) give();
    seen = once(seen, tag);
    reader.skipVarint();
  }
}

/** A Coord, x and y (0 when left out, as protobuf's defaults). */
function coordIn(reader: FrameReader, end: number): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    seen = once(seen, tag);
    if (tag === X) x = reader.int32();
    else if (tag === Y) y = reader.int64Number();
    else give();
  }
  return { x, y };
}

type Read<T> = (reader: FrameReader, end: number) => T;

/**
 * A message of two message fields (WindowedCoordRange: coord_range and columns; CoordRange: start and end): what
 * `read` gives of the first (undefined when it is not there); the second checked by `check`, not kept.
 */
function firstFieldIn<T>(
  reader: FrameReader,
  end: number,
  read: Read<T>,
  check: Read<unknown>,
): T | undefined {
  let first: T | undefined;
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    seen = once(seen, tag);
    if (tag === FIRST_MESSAGE) first = read(reader, reader.end());
    else if (tag === SECOND_MESSAGE) check(reader, reader.end());
    else give();
  }
  return first;
}

const startY: Read<number | undefined> = (reader, end) =>
  firstFieldIn(reader, end, (r, e) => coordIn(r, e).y, coordIn);
const columns: Read<void> = (reader, end) => skipPairIn(reader, end, LOCATION, LENGTH);
/** A WindowedCoordRange: the y of its range's start, if it has one. */
const windowedIn: Read<number | undefined> = (reader, end) => firstFieldIn(reader, end, startY, columns);
