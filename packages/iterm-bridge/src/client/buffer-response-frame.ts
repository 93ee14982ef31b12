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
  type Coord,
  type GetBufferResponse,
  type LineContents,
  type Range,
  type ServerOriginatedMessage,
} from '../gen/api_pb';

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
  // Field 1 (the id, varint) first, as iTerm2 and every protobuf encoder write it; then field 100.
  if (bytes.length < 4 || bytes[0] !== 0x08) return undefined;
  try {
    const reader = new FrameReader(bytes);
    let id: bigint | undefined;
    let response: GetBufferResponse | undefined;
    while (reader.more(bytes.length)) {
      const tag = reader.varint32();
      if (tag === ID_TAG && id === undefined) id = reader.int64();
      else if (tag === GET_BUFFER_RESPONSE_TAG && response === undefined)
        response = readResponse(reader, reader.end());
      else return undefined;
    }
    if (id === undefined || response === undefined) return undefined;
    const message = blankEnvelope();
    message.id = id;
    message.submessage = { case: 'getBufferResponse', value: response };
    return { id, message };
  } catch (error) {
    if (error === NOT_THIS_FRAME) return undefined;
    throw error;
  }
}

const ID_TAG = (1 << 3) | 0;
const GET_BUFFER_RESPONSE_TAG = (100 << 3) | 2;
const VARINT = 0;
const LENGTH_DELIMITED = 2;
/** GetBufferResponse.Status and LineContents.Continuation (closed proto2 enums: other values are unknown fields). */
const STATUSES = new Set([0, 1, 2, 3]);
const CONTINUATIONS = new Set([1, 2]);

/** Thrown inside, never out: the frame is not one this reader knows, the general decoder takes it. */
const NOT_THIS_FRAME = Symbol('not this frame');
const give = (): never => {
  throw NOT_THIS_FRAME;
};

/**
 * Marks a singular field as read (`seen`: a bit per field number, of the field numbers below 32 these messages
 * use); the same field twice (protobuf would merge or overwrite) goes to the general decoder. A larger, unknown
 * field number may share a bit: it gives up on the frame anyway.
 */
const once = (seen: number, tag: number): number => {
  const bit = 1 << (tag >>> 3);
  if (seen & bit) give();
  return seen | bit;
};

// As screen-update-frame.ts: strict UTF-8, a leading U+FEFF kept as text; anything else goes the general way.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A message as `create(schema)` makes it (the prototype holding proto2 defaults, repeated fields own and empty). */
function blank<Desc extends DescMessage>(schema: Desc): () => MessageShape<Desc> {
  const template = create(schema) as unknown as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(template) as object | null;
  const values = Object.entries(template).filter(([, value]) => !Array.isArray(value));
  const lists = Object.keys(template).filter((key) => Array.isArray(template[key]));
  if (values.some(([key, value]) => key !== '$typeName' && key !== 'submessage' && typeof value === 'object'))
    throw new Error(`buffer-response-frame: ${schema.typeName} has a field it cannot copy`);
  return () => {
    const message = Object.create(prototype) as Record<string, unknown>;
    for (const [key, value] of values) message[key] = typeof value === 'object' ? { ...value } : value;
    for (const key of lists) message[key] = [];
    return message as unknown as MessageShape<Desc>;
  };
}

const blankEnvelope = blank(ServerOriginatedMessageSchema);
const blankResponse = blank(GetBufferResponseSchema);
const blankLine = blank(LineContentsSchema);
const blankCell = blank(CodePointsPerCellSchema);
const blankCoord = blank(CoordSchema);
const blankCoordRange = blank(CoordRangeSchema);
const blankWindowed = blank(WindowedCoordRangeSchema);
const blankRange = blank(RangeSchema);

function readResponse(reader: FrameReader, end: number): GetBufferResponse {
  const response = blankResponse();
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag >>> 3 !== 3) seen = once(seen, tag);
    if (tag === ((1 << 3) | VARINT)) response.status = reader.enumOf(STATUSES);
    else if (tag === ((2 << 3) | LENGTH_DELIMITED)) response.range = readRange(reader, reader.end());
    else if (tag === ((3 << 3) | LENGTH_DELIMITED)) response.contents.push(readLine(reader, reader.end()));
    else if (tag === ((4 << 3) | LENGTH_DELIMITED)) response.cursor = readCoord(reader, reader.end());
    else if (tag === ((5 << 3) | VARINT)) response.numLinesAboveScreen = reader.int64();
    else if (tag === ((6 << 3) | LENGTH_DELIMITED)) {
      const rangeEnd = reader.end();
      const windowed = blankWindowed();
      let inner = 0;
      while (reader.more(rangeEnd)) {
        const innerTag = reader.varint32();
        inner = once(inner, innerTag);
        if (innerTag === ((1 << 3) | LENGTH_DELIMITED)) {
          const coordsEnd = reader.end();
          const coords = blankCoordRange();
          let ends = 0;
          while (reader.more(coordsEnd)) {
            const coordTag = reader.varint32();
            ends = once(ends, coordTag);
            if (coordTag === ((1 << 3) | LENGTH_DELIMITED)) coords.start = readCoord(reader, reader.end());
            else if (coordTag === ((2 << 3) | LENGTH_DELIMITED)) coords.end = readCoord(reader, reader.end());
            else give();
          }
          windowed.coordRange = coords;
        } else if (innerTag === ((2 << 3) | LENGTH_DELIMITED))
          windowed.columns = readRange(reader, reader.end());
        else give();
      }
      response.windowedCoordRange = windowed;
    } else give();
  }
  return response;
}

function readLine(reader: FrameReader, end: number): LineContents {
  const line = blankLine();
  let text = false;
  let continuation = false;
  while (reader.more(end)) {
    const tag = reader.varint32();
    if (tag === ((1 << 3) | LENGTH_DELIMITED) && !text) {
      text = true;
      line.text = reader.string();
    } else if (tag === ((2 << 3) | LENGTH_DELIMITED)) {
      const cellEnd = reader.end();
      const cell = blankCell();
      let seen = 0;
      while (reader.more(cellEnd)) {
        const cellTag = reader.varint32();
        seen = once(seen, cellTag);
        if (cellTag === ((1 << 3) | VARINT)) cell.numCodePoints = reader.int32();
        else if (cellTag === ((2 << 3) | VARINT)) cell.repeats = reader.int32();
        else give();
      }
      line.codePointsPerCell.push(cell);
    } else if (tag === ((3 << 3) | VARINT) && !continuation) {
      continuation = true;
      line.continuation = reader.enumOf(CONTINUATIONS);
    } else give(); // styles (field 4) and anything unknown: the general decoder
  }
  return line;
}

function readCoord(reader: FrameReader, end: number): Coord {
  const coord = blankCoord();
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    seen = once(seen, tag);
    if (tag === ((1 << 3) | VARINT)) coord.x = reader.int32();
    else if (tag === ((2 << 3) | VARINT)) coord.y = reader.int64();
    else give();
  }
  return coord;
}

function readRange(reader: FrameReader, end: number): Range {
  const range = blankRange();
  let seen = 0;
  while (reader.more(end)) {
    const tag = reader.varint32();
    seen = once(seen, tag);
    if (tag === ((1 << 3) | VARINT)) range.location = reader.int64();
    else if (tag === ((2 << 3) | VARINT)) range.length = reader.int64();
    else give();
  }
  return range;
}

/** Protobuf's wire format, as much of it as these messages use; anything malformed gives up on the frame. */
class FrameReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** More fields before `end`; a field that ran past it is malformed. */
  more(end: number): boolean {
    if (this.pos > end) give();
    return this.pos < end;
  }

  /** A length prefix: where the length-delimited field it starts ends (within the frame). */
  end(): number {
    const length = this.varint32();
    const end = this.pos + length;
    if (length < 0 || end > this.bytes.length) give();
    return end;
  }

  /** A varint that fits in 31 bits (tags, lengths). */
  varint32(): number {
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.byte();
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    const last = this.byte();
    if (last > 0x07) give();
    return value | (last << 28);
  }

  /** int32: a varint of up to 10 bytes (negatives are sign-extended to 64 bits), its low 32 bits signed. */
  int32(): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    this.pos = start; // five bytes or more: a negative or an overlong one, the long way
    return Number(BigInt.asIntN(32, this.varint64()));
  }

  /** int64: as protobuf-es gives it, a bigint. */
  int64(): bigint {
    return BigInt.asIntN(64, this.varint64());
  }

  enumOf(known: Set<number>): number {
    const value = this.int32();
    if (!known.has(value)) give();
    return value;
  }

  string(): string {
    const end = this.end();
    const bytes = this.bytes.subarray(this.pos, end);
    this.pos = end;
    try {
      return utf8.decode(bytes);
    } catch {
      return give();
    }
  }

  private varint64(): bigint {
    // Up to 7 bytes (49 bits) in a number; longer ones (negatives, huge values) byte by byte in a bigint.
    let small = 0;
    for (let i = 0, scale = 1; i < 7; i++, scale *= 128) {
      const byte = this.byte();
      small += (byte & 0x7f) * scale;
      if (byte < 0x80) return BigInt(small);
    }
    let value = BigInt(small);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    return give();
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) give();
    return this.bytes[this.pos++]!;
  }
}
