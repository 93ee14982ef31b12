import { constants, crc32, createDeflateRaw, gunzipSync, gzipSync, type DeflateRaw } from 'node:zlib';

/** zlib's settings for chunks (`CHUNK_GZIP` in recording-repository.ts: level 1, 8 KiB window, memLevel 7). */
export interface ChunkDeflateSettings {
  level: number;
  windowBits: number;
  memLevel: number;
}

/** A gzip member's header: magic, deflate, no flags, no time, no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final deflate block (fixed Huffman, end of block at once): ends a member's deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** The zlib stream's native handle, as node:zlib's own synchronous calls drive it (not a public API). */
interface DeflateHandle {
  writeSync(
    flush: number,
    input: Buffer,
    inOffset: number,
    inLength: number,
    output: Buffer,
    outOffset: number,
    outLength: number,
  ): void;
}

/**
 * Compresses each chunk into a complete gzip member, as `gzipSync` does, but with **one** zlib deflate state for
 * every chunk instead of one each: `gzipSync` allocates and sets up ~100 KiB of zlib tables (and a stream object)
 * per call, which between the host's other allocations cost more than compressing a chunk of a few KiB
 * (docs/performance.md, session 18). Each chunk is deflated with a full flush (the dictionary reset: no chunk
 * refers to another's bytes), then closed with an empty final block, its CRC-32 and length: a gzip member that
 * any gunzip reads alone, and a segment of them still gunzips whole, as before. The state is driven through
 * node:zlib's native handle the way `zlib.deflateRawSync` drives it; where that handle is not there or does not
 * give back what was put in (another Node), every chunk goes through `gzipSync` as before.
 */
export class ChunkDeflate {
  private stream: DeflateRaw | undefined;
  private failure: Error | undefined;
  /** The deflated bytes of the chunk being compressed (grows by doubling; starts small to test the growth). */
  private out = Buffer.allocUnsafe(64);

  constructor(private readonly settings: ChunkDeflateSettings) {
    try {
      this.stream = createDeflateRaw(settings);
      // zlib reports a failed write as an 'error' event: kept, and thrown by the write that failed.
      this.stream.on('error', (error) => (this.failure = error));
      if (!this.givesBackWhatGoesIn()) this.close();
    } catch {
      this.close();
    }
  }

  /** Whether chunks share one deflate state (false: `gzipSync` per chunk). */
  get shared(): boolean {
    return this.stream !== undefined;
  }

  /** `raw` as one gzip member; `raw` may be reused once this returns. */
  gzip(raw: Buffer): Buffer {
    if (!this.stream) return gzipSync(raw, this.settings);
    let body: Buffer;
    try {
      body = this.deflateFlushed(raw);
    } catch {
      // zlib refused (it never has): this chunk and the next go through gzipSync.
      this.close();
      return gzipSync(raw, this.settings);
    }
    const member = Buffer.allocUnsafe(GZIP_HEADER.length + body.length + FINAL_BLOCK.length + 8);
    let at = GZIP_HEADER.copy(member, 0);
    at += body.copy(member, at);
    at += FINAL_BLOCK.copy(member, at);
    at = member.writeUInt32LE(crc32(raw), at);
    member.writeUInt32LE(raw.length % 2 ** 32, at);
    return member;
  }

  close(): void {
    this.stream?.close();
    this.stream = undefined;
  }

  /** `raw` deflated and fully flushed (the bytes stay valid until the next call). */
  private deflateFlushed(raw: Buffer): Buffer {
    const stream = this.stream as unknown as { _handle: DeflateHandle; _writeState: Uint32Array };
    let inOffset = 0;
    let outOffset = 0;
    for (;;) {
      const room = this.out.length - outOffset;
      stream._handle.writeSync(
        constants.Z_FULL_FLUSH,
        raw,
        inOffset,
        raw.length - inOffset,
        this.out,
        outOffset,
        room,
      );
      if (this.failure) throw this.failure;
      const [roomLeft, inputLeft] = stream._writeState;
      outOffset += room - roomLeft!;
      inOffset = raw.length - inputLeft!;
      // zlib stops with room left only once the input is in and the flush written.
      if (roomLeft! > 0) return this.out.subarray(0, outOffset);
      const bigger = Buffer.allocUnsafe(this.out.length * 2);
      this.out.copy(bigger, 0, 0, outOffset);
      this.out = bigger;
    }
  }

  /** The stream's handle is there, and two members deflated by it gunzip to what went in. */
  private givesBackWhatGoesIn(): boolean {
    const handle = (this.stream as unknown as { _handle?: Partial<DeflateHandle> })._handle;
    const state = (this.stream as unknown as { _writeState?: unknown })._writeState;
    if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array)) return false;
    const sample = Buffer.from('{"at":1,"changes":[{"row":0,"text":"a chunk, and a chunk"}]}\n'.repeat(40));
    const members = Buffer.concat([this.gzip(sample), this.gzip(sample.subarray(7))]);
    return gunzipSync(members).equals(Buffer.concat([sample, sample.subarray(7)]));
  }
}
