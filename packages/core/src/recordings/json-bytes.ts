/**
 * Writes `text` as latin1 (for ASCII: its bytes) at `at`, returning the bytes written: Node's own `latin1Write`, what
 * `write(text, at, 'latin1')` calls once it has looked at its arguments (~20 ns a call less), where it has one.
 */
type LatinBuffer = Buffer & { latin1Write?(text: string, at: number): number };
const writeLatin1: (buffer: Buffer, text: string, at: number) => number =
  typeof (Buffer.prototype as LatinBuffer).latin1Write === 'function'
    ? (buffer, text, at) => (buffer as LatinBuffer).latin1Write!(text, at)
    : (buffer, text, at) => buffer.write(text, at, 'latin1');

/** Printable ASCII other than a quote or a backslash: a JSON string's text as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Writes plain data (objects, arrays, strings, numbers, booleans, null) as JSON into a byte buffer: the same
 * bytes as `Buffer.from(JSON.stringify(value))`, without building the string. A recorded frame's JSON line was
 * a ~2 KB string made for every frame (and the pieces JSON.stringify builds it from) only to be copied into
 * the chunk's buffer; here its bytes go there directly. Strings of plain ASCII with nothing to escape (a
 * printed line, almost always) are copied as they are; any other string is written as JSON.stringify writes it.
 */
export class JsonBytes {
  /** The bytes written are `buffer[0, used)`; the buffer is replaced by one twice as large when full. */
  buffer: Buffer;
  used = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  byte(code: number): void {
    this.room(1);
    this.buffer[this.used++] = code;
  }

  /**
   * ASCII with nothing JSON escapes, quoted; false (nothing written) for any other string. Told by a regex and written
   * by one native call (`latin1` is the text's bytes for ASCII), not a character at a time in JavaScript: a printed
   * line read from the in-memory terminal (a sliced string) 150 -> 100 ns, a flat one 115 -> 105.
   */
  private plainString(text: string): boolean {
    if (!PLAIN.test(text)) return false;
    this.room(text.length + 2);
    const buffer = this.buffer;
    buffer[this.used] = 0x22;
    const at = this.used + 1 + writeLatin1(buffer, text, this.used + 1);
    buffer[at] = 0x22;
    this.used = at + 1;
    return true;
  }

  /** Text known to be ASCII with nothing JSON escapes (a key, punctuation), as it is. */
  ascii(literal: string): void {
    const length = literal.length;
    this.room(length);
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < length; i++) buffer[at++] = literal.charCodeAt(i);
    this.used = at;
  }

  /**
   * Text as it is (UTF-8), not as a JSON string: one native write into room for the most it can take (3 bytes a
   * UTF-16 unit), not measured first (`Buffer.byteLength` was a second native call per line, ~30 % of its cost).
   */
  text(json: string): void {
    this.room(json.length * 3);
    this.used += this.buffer.write(json, this.used);
  }

  value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        if (!this.plainString(value)) this.text(JSON.stringify(value));
        return;
      case 'number':
        // Whole numbers up to 2^53 (rows, offsets, times in ms: a frame's `at` is past 2^31) digit by digit; others
        // as JSON.stringify has them.
        if (value >= 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value)
          this.integer(value);
        else this.text(JSON.stringify(value));
        return;
      case 'boolean':
        this.text(value ? 'true' : 'false');
        return;
      case 'object':
        if (value === null) this.text('null');
        else if (Array.isArray(value)) this.array(value);
        else this.object(value as Record<string, unknown>);
        return;
      default:
        // undefined, functions, symbols, bigints: what JSON.stringify does with them (throws for a bigint).
        this.text(JSON.stringify(value) ?? 'null');
    }
  }

  private integer(value: number): void {
    this.room(16);
    if (value === 0) {
      this.buffer[this.used++] = 0x30;
      return;
    }
    let digits = 0;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10)) this.buffer[--at] = 0x30 + (rest % 10);
  }

  private array(items: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.byte(0x2c);
      const item = items[i];
      // In an array, what JSON.stringify leaves out of an object is null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') this.text('null');
      else this.value(item);
    }
    this.byte(0x5d);
  }

  private object(object: Record<string, unknown>): void {
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      this.text(JSON.stringify(object));
      return;
    }
    this.byte(0x7b);
    let first = true;
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      const item = object[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.value(key);
      this.byte(0x3a);
      this.value(item);
    }
    this.byte(0x7d);
  }
}
