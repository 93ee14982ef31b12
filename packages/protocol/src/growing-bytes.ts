// No contract and no runtime here: plain typed arrays, importable alone (`@switchboard/protocol/growing-bytes`) by the
// MCP socket's line reader and the iTerm2 sim's request-head reader, which share no lower package.

/**
 * Bytes still arriving (a line, a request head), in one buffer grown by doubling up to `maxBytes`: a line dripped a
 * byte at a time costs each byte once, however much is pending. Before session 24 both readers concatenated each chunk
 * onto everything before it: ~330 µs a one-byte chunk with 1 MiB pending, so one peer could keep the host busy.
 * `allocate` makes the buffers (Node's readers pass `Buffer.allocUnsafe`: their views are Buffers, no copy, no fill).
 */
export class GrowingBytes<Bytes extends Uint8Array> {
  private buffer: Bytes | undefined;
  private length = 0;

  /** `maxBytes` caps the doubling (a buffer never grows past it unless one append needs more); `firstBytes` starts it. */
  constructor(
    private readonly allocate: (size: number) => Bytes,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
    private readonly firstBytes = 1024,
  ) {}

  /** How many bytes are held. */
  get size(): number {
    return this.length;
  }

  append(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (this.buffer === undefined || needed > this.buffer.length) {
      const doubled = Math.min(this.maxBytes, Math.max(this.firstBytes, 2 * (this.buffer?.length ?? 0)));
      const grown = this.allocate(Math.max(needed, doubled));
      if (this.buffer !== undefined) grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length = needed;
  }

  /** The bytes held: a view of the buffer (held bytes are never written again: a later `append` leaves it as it is). */
  view(): Bytes {
    // A typed array's subarray is of its own kind (a Buffer's is a Buffer): the type says only Uint8Array.
    return (this.buffer ?? this.allocate(0)).subarray(0, this.length) as Bytes;
  }

  /** The bytes held, as a view; what comes next starts a new buffer. */
  take(): Bytes {
    const taken = this.view();
    this.buffer = undefined;
    this.length = 0;
    return taken;
  }
}
