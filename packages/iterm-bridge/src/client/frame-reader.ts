/**
 * Protobuf's wire format read by hand, for the frames the client reads without the general decoder
 * (buffer-response-frame.ts, buffer-lines-frame.ts): anything they do not know, or that is malformed, gives up on
 * the frame (`give`), and the general decoder reads it.
 */

export const VARINT = 0;
export const LENGTH_DELIMITED = 2;
export const tagOf = (field: number, wireType: number) => (field << 3) | wireType;

/** Thrown inside, never out: the frame is not one this reader knows, the general decoder takes it. */
export const NOT_THIS_FRAME = Symbol('not this frame');
export const give = (): never => {
  throw NOT_THIS_FRAME;
};

/**
 * Marks a singular field as read (`seen`: a bit per field number, of the field numbers below 32 these messages
 * use); the same field twice (protobuf would merge or overwrite) goes to the general decoder. A larger, unknown
 * field number may share a bit: it gives up on the frame anyway.
 */
export const once = (seen: number, tag: number): number => {
  const bit = 1 << (tag >>> 3);
  if (seen & bit) give();
  return seen | bit;
};

const ID_TAG = tagOf(1, VARINT);
const GET_BUFFER_RESPONSE_TAG = tagOf(100, LENGTH_DELIMITED);

/**
 * A screen read's answer, `ServerOriginatedMessage { id, get_buffer_response (100) }`, its response read by `read`
 * up to the end given; undefined for any other frame, or one `read` gives up on (`give`).
 */
export function getBufferAnswer<T>(
  bytes: Uint8Array,
  read: (reader: FrameReader, end: number) => T,
): { id: bigint; response: T } | undefined {
  // Field 1 (the id, varint) first, as iTerm2 and every protobuf encoder write it; then field 100.
  if (bytes.length < 4 || bytes[0] !== 0x08) return undefined;
  try {
    const reader = new FrameReader(bytes);
    let id: bigint | undefined;
    let response: T | undefined;
    let read100 = false;
    while (reader.more(bytes.length)) {
      const tag = reader.varint32();
      if (tag === ID_TAG && id === undefined) id = reader.int64();
      else if (tag === GET_BUFFER_RESPONSE_TAG && !read100) {
        response = read(reader, reader.end());
        read100 = true;
      } else return undefined;
    }
    return id === undefined || !read100 ? undefined : { id, response: response as T };
  } catch (error) {
    if (error === NOT_THIS_FRAME) return undefined;
    throw error;
  }
}

// As screen-update-frame.ts: strict UTF-8, a leading U+FEFF kept as text; anything else goes the general way.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Protobuf's wire format, as much of it as these messages use; anything malformed gives up on the frame. */
export class FrameReader {
  private pos = 0;

  /** The frame as a Buffer (the same memory): ASCII text is read from it in place (`string`). */
  private readonly buffer: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

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

  /** int64 as `Number(int64())` gives it, without the bigint for values of up to 49 bits. */
  int64Number(): number {
    const start = this.pos;
    for (let i = 0, scale = 1, small = 0; i < 7; i++, scale *= 128) {
      const byte = this.byte();
      small += (byte & 0x7f) * scale;
      if (byte < 0x80) return small;
    }
    this.pos = start;
    return Number(this.int64());
  }

  /** Passes over a varint as `int32`/`int64` would read it (up to 10 bytes), without its value. */
  skipVarint(): void {
    for (let i = 0; i < 10; i++) if (this.byte() < 0x80) return;
    give();
  }

  enumOf(known: Set<number>): number {
    const value = this.int32();
    if (!known.has(value)) give();
    return value;
  }

  /**
   * A string field, read in place by Buffer's UTF-8 decoding (one native call: a view of its bytes for the decoder,
   * a Buffer's subarray, was ~100 bytes of garbage a line; a JS loop to find ASCII first, ~20 % of a read's
   * decoding). That decoding replaces what is not UTF-8 with U+FFFD: a string holding one is read again by the
   * strict decoder, which tells a U+FFFD that was sent from bytes that were not UTF-8 (the general decoder's case).
   */
  string(): string {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    const text = this.buffer.toString('utf8', start, end);
    if (!text.includes('\uFFFD')) return text;
    const bytes = this.bytes.subarray(start, end);
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
