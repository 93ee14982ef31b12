import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  CodePointsPerCellSchema,
  CoordRangeSchema,
  CoordSchema,
  GetBufferResponseSchema,
  LineContentsSchema,
  RangeSchema,
  ServerOriginatedMessageSchema,
  WindowedCoordRangeSchema,
  type CodePointsPerCell,
  type Coord,
  type CoordRange,
  type GetBufferResponse,
  type LineContents,
  type Range,
  type ServerOriginatedMessage,
  type WindowedCoordRange,
} from '../gen/api_pb';
import type { FrameReader } from './frame-reader';
import { getBufferAnswer, give, LENGTH_DELIMITED, once, tagOf, VARINT } from './frame-reader';

/**
 * The answer a printing fleet asks for hundreds of times a second (a screen read per busy pane per second, and the
 * recorder's read-backs): `ServerOriginatedMessage { id, get_buffer_response (100) { status, contents[], cursor,
 * windowed_coord_range, … } }`. The reflective `fromBinary` took ~70 µs for a 25-line screen on the loaded box;
 * this reads the same bytes directly into the same messages (same prototypes, same fields set, so `equals`,
 * `isFieldSet` and every reader see no difference). It knows only the fields a read without styles carries: a
 * frame with anything else (styles, an unknown field, a field twice, an enum value not in the schema, bytes that
 * are not UTF-8 or do not parse) gives undefined, and the general decoder reads it as before — so both always
 * agree on what a frame means.
 */
export function bufferAnswer(
  bytes: Uint8Array,
): { id: bigint; message: ServerOriginatedMessage } | undefined {
  const answer = getBufferAnswer(bytes, readResponse);
  if (!answer) return undefined;
  const message = blankEnvelope();
  message.id = answer.id;
  message.submessage = { case: 'getBufferResponse', value: answer.response };
  return { id: answer.id, message };
}

/** GetBufferResponse.Status and LineContents.Continuation (closed proto2 enums: other values are unknown fields). */
export const STATUSES = new Set([0, 1, 2, 3]);
export const CONTINUATIONS = new Set([1, 2]);

/** A message as `create(schema)` makes it (the prototype holding proto2 defaults, repeated fields own and empty). */
function blank<Desc extends DescMessage>(schema: Desc): () => MessageShape<Desc> {
  const template = create(schema) as unknown as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(template) as object | null;
  const values = Object.entries(template).filter(([, value]) => !Array.isArray(value));
  const lists = Object.keys(template).filter((key) => Array.isArray(template[key]));
  if (values.some(([key, value]) => key !== '$typeName' && key !== 'submessage' && typeof value === 'object'))
    throw new Error(`buffer-response-frame: ${schema.typeName} has a field it cannot copy`);
  // A constructor rather than Object.create: V8 gives its objects room for the fields set later (text,
  // continuation) inside the object, where Object.create's grew a property store per line (~40 bytes).
  function Blank(this: Record<string, unknown>) {
    for (const [key, value] of values) this[key] = typeof value === 'object' ? { ...value } : value;
    for (const key of lists) this[key] = [];
  }
  Blank.prototype = prototype;
  const Message = Blank as unknown as new () => MessageShape<Desc>;
  return () => new Message();
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The messages a read has one of per line, made by constructors of their own: `blank`'s one constructor for every
 * message stores its fields by name through code shared by all of them (V8's generic stores), ~20 % of a
 * 93-line read's decoding. Each is checked against `blank`'s (the same fields, the same prototype) when loaded.
 */
function own<Desc extends DescMessage>(
  schema: Desc,
  make: () => MessageShape<Desc>,
): () => MessageShape<Desc> {
  const [mine, general] = [make(), blank(schema)()];
  const fields = (message: object) => JSON.stringify(Object.entries(message));
  if (fields(mine) !== fields(general) || Object.getPrototypeOf(mine) !== Object.getPrototypeOf(general))
    throw new Error(`buffer-response-frame: ${schema.typeName} is not made as create() makes it`);
  return make;
}

function Line(this: Mutable<LineContents>) {
  this.$typeName = 'iterm2.LineContents';
  this.codePointsPerCell = [];
  this.style = [];
}
Line.prototype = Object.getPrototypeOf(create(LineContentsSchema)) as object;
function Cell(this: Mutable<CodePointsPerCell>) {
  this.$typeName = 'iterm2.CodePointsPerCell';
}
Cell.prototype = Object.getPrototypeOf(create(CodePointsPerCellSchema)) as object;

const blankEnvelope = blank(ServerOriginatedMessageSchema);
const blankResponse = blank(GetBufferResponseSchema);
const blankLine = own(LineContentsSchema, () => new (Line as unknown as new () => LineContents)());
const blankCell = own(CodePointsPerCellSchema, () => new (Cell as unknown as new () => CodePointsPerCell)());
const blankCoord = blank(CoordSchema);
const blankCoordRange = blank(CoordRangeSchema);
const blankWindowed = blank(WindowedCoordRangeSchema);
const blankRange = blank(RangeSchema);

type FieldReader<T> = (message: T, reader: FrameReader) => void;

/**
 * Reads a message's fields up to `end`: each known tag's reader sets its field. An unknown tag, or a singular field
 * twice (`repeated`: a bit per field number that may repeat), gives up on the frame.
 */
function readFields<T>(
  reader: FrameReader,
  end: number,
  message: T,
  fields: ReadonlyMap<number, FieldReader<T>>,
  repeated = 0,
): T {
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    const read = fields.get(tag) ?? give();
    if (((repeated >>> (tag >>> 3)) & 1) === 0) seen = once(seen, tag);
    read(message, reader);
  }
  return message;
}

const COORD = new Map<number, FieldReader<Coord>>([
  [tagOf(1, VARINT), (coord, reader) => void (coord.x = reader.int32())],
  [tagOf(2, VARINT), (coord, reader) => void (coord.y = reader.int64())],
]);
const RANGE = new Map<number, FieldReader<Range>>([
  [tagOf(1, VARINT), (range, reader) => void (range.location = reader.int64())],
  [tagOf(2, VARINT), (range, reader) => void (range.length = reader.int64())],
]);
const coordIn = (reader: FrameReader) => readFields(reader, reader.end(), blankCoord(), COORD);
const rangeIn = (reader: FrameReader) => readFields(reader, reader.end(), blankRange(), RANGE);
const COORD_RANGE = new Map<number, FieldReader<CoordRange>>([
  [tagOf(1, LENGTH_DELIMITED), (coords, reader) => void (coords.start = coordIn(reader))],
  [tagOf(2, LENGTH_DELIMITED), (coords, reader) => void (coords.end = coordIn(reader))],
]);
const WINDOWED = new Map<number, FieldReader<WindowedCoordRange>>([
  [
    tagOf(1, LENGTH_DELIMITED),
    (windowed, reader) =>
      void (windowed.coordRange = readFields(reader, reader.end(), blankCoordRange(), COORD_RANGE)),
  ],
  [tagOf(2, LENGTH_DELIMITED), (windowed, reader) => void (windowed.columns = rangeIn(reader))],
]);
// LineContents and CodePointsPerCell (buffer-lines-frame.ts reads them too).
export const TEXT = tagOf(1, LENGTH_DELIMITED);
export const CELLS = tagOf(2, LENGTH_DELIMITED);
export const CONTINUATION = tagOf(3, VARINT);
export const CODE_POINTS = tagOf(1, VARINT);
export const REPEATS = tagOf(2, VARINT);

/**
 * A line, read field by field without the table of field readers the other messages use: a recording pane's read
 * carries ~90 of them. Styles (field 4) are not here: a styled read goes to the general decoder.
 */
function lineIn(reader: FrameReader, end: number): LineContents {
  const line = blankLine();
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag === TEXT) {
      seen = once(seen, tag);
      line.text = reader.string();
    } else if (tag === CELLS) {
      const cell = cellIn(reader, reader.end());
      // Most lines are one run: an array of one, where a push onto the empty one reserves 17 slots (~150 bytes a
      // line; a recording pane's reads carry ~90 lines with the lines above the screen).
      if (line.codePointsPerCell.length === 0) line.codePointsPerCell = [cell];
      else line.codePointsPerCell.push(cell);
    } else if (tag === CONTINUATION) {
      seen = once(seen, tag);
      line.continuation = reader.enumOf(CONTINUATIONS);
    } else give();
  }
  return line;
}

function cellIn(reader: FrameReader, end: number): CodePointsPerCell {
  const cell = blankCell();
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag === CODE_POINTS) {
      seen = once(seen, tag);
      cell.numCodePoints = reader.int32();
    } else if (tag === REPEATS) {
      seen = once(seen, tag);
      cell.repeats = reader.int32();
    } else give();
  }
  return cell;
}
const RESPONSE = new Map<number, FieldReader<GetBufferResponse>>([
  [tagOf(1, VARINT), (response, reader) => void (response.status = reader.enumOf(STATUSES))],
  [tagOf(2, LENGTH_DELIMITED), (response, reader) => void (response.range = rangeIn(reader))],
  [
    tagOf(3, LENGTH_DELIMITED),
    (response, reader) => void response.contents.push(lineIn(reader, reader.end())),
  ],
  [tagOf(4, LENGTH_DELIMITED), (response, reader) => void (response.cursor = coordIn(reader))],
  [tagOf(5, VARINT), (response, reader) => void (response.numLinesAboveScreen = reader.int64())],
  [
    tagOf(6, LENGTH_DELIMITED),
    (response, reader) =>
      void (response.windowedCoordRange = readFields(reader, reader.end(), blankWindowed(), WINDOWED)),
  ],
]);

const readResponse = (reader: FrameReader, end: number) =>
  readFields(reader, end, blankResponse(), RESPONSE, 1 << 3);
