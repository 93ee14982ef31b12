import { writeFrame, type FrameParts } from './frame-json';
import { JsonBytes } from './json-bytes';

/** Room for a buffer's lines before it first grows (doubling: a printing pane's ~5 s of frames are ~10 KiB). */
const INITIAL_BYTES = 4 * 1024;

/**
 * Lines of text (none holding a line feed) encoded into one buffer of their own as they come, not kept as
 * strings: what the recorder holds for an agent until its chunk is written (the chunk's frames as JSON lines,
 * written straight from the frame's parts: `pushFrame`; the chunk's new lines for the search index). A printing pane's
 * frames and lines lived ~5 s (`flushMs`) as strings on V8's heap, long enough to be copied by scavenges and
 * promoted, then collected by the major collector; here the bytes sit outside the heap. The buffer is reused
 * chunk after chunk (no join, no copy into a Buffer when the chunk is written).
 */
export class LineBuffer {
  private readonly out = new JsonBytes(INITIAL_BYTES);
  /** Lines held. */
  count = 0;

  /** The bytes held (UTF-8, each line ending in a line feed). */
  get bytes(): number {
    return this.out.used;
  }

  push(line: string): void {
    this.out.text(line);
    this.out.byte(0x0a);
    this.count++;
  }

  /** A recorded frame as a line of JSON (`frame-json.ts`): the bytes of `JSON.stringify` of the frame. */
  pushFrame(frame: FrameParts): void {
    writeFrame(this.out, frame);
    this.out.byte(0x0a);
    this.count++;
  }

  /** The bytes held, valid until the next `push` or `clear` (the buffer is reused). */
  contents(): Buffer {
    return this.out.buffer.subarray(0, this.out.used);
  }

  /** The lines joined by line feeds (no line feed after the last). */
  text(): string {
    return this.out.used === 0 ? '' : this.out.buffer.toString('utf8', 0, this.out.used - 1);
  }

  clear(): void {
    this.out.used = 0;
    this.count = 0;
  }
}
