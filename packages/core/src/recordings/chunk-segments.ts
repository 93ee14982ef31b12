import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** A segment an agent's chunks are appended to: its file (relative to the root), open for appending. */
interface OpenSegment {
  file: string;
  fd: number;
  size: number;
}

/**
 * Each agent's chunks are appended to one open file, a **segment** (`<agent>/<first ms>-<random>.jsonl.gz`,
 * 0600): each chunk a complete gzip member at its byte offset, so a chunk is read alone, and the whole file
 * still gunzips to every frame in order. A new segment starts past `segmentBytes`. Creating a file per chunk
 * (a chunk per agent every few seconds) was the recorder's largest single cost (`writeFileSync` 0.34 s of
 * 0.42 s spent writing chunks in a 20 s profile of 100 printing agents).
 */
export class ChunkSegments {
  private readonly open = new Map<string, OpenSegment>();
  /** Agent folders made in this run (no mkdir per segment). */
  private readonly folders = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly segmentBytes: number,
  ) {}

  /** Appends one chunk (a gzip member) to the agent's segment; where it went. */
  append(
    agentId: string,
    folder: string,
    startedMs: number,
    data: Buffer,
  ): { file: string; byteOffset: number } {
    let segment = this.open.get(agentId);
    if (segment && segment.size >= this.segmentBytes) {
      this.close(agentId);
      segment = undefined;
    }
    if (!segment) {
      this.makeFolder(folder);
      const file = join(folder, `${startedMs}-${randomBytes(4).toString('hex')}.jsonl.gz`);
      try {
        segment = { file, fd: openSync(join(this.root, file), 'a', 0o600), size: 0 };
      } catch (error) {
        // The folder may have been removed under us: made again with the next chunk.
        this.folders.delete(folder);
        throw error;
      }
      this.open.set(agentId, segment);
    }
    const byteOffset = segment.size;
    try {
      for (let written = 0; written < data.length;)
        written += writeSync(segment.fd, data, written, data.length - written);
    } catch (error) {
      // A torn append (disk full): the next chunk starts a new segment; the torn tail is cut at the next start.
      this.close(agentId);
      throw error;
    }
    segment.size += data.length;
    return { file: segment.file, byteOffset };
  }

  /**
   * Makes the agent's folder unless this run made it already. The recorder calls it when it starts following an
   * agent: making a folder is the dearest part of a first chunk (an inode and a directory block: ~0.1 ms of the
   * host's CPU each in profiles of 100 exits at once, more in wall time under load), and a first chunk is often
   * written as the agent's process exits, when a fleet's exits come together (docs/performance.md, session 18).
   */
  makeFolder(folder: string): void {
    if (this.folders.has(folder)) return;
    mkdirSync(join(this.root, folder), { recursive: true, mode: 0o700 });
    this.folders.add(folder);
  }

  /** Stops appending to the agent's segment (its next chunk starts a new one). */
  close(agentId: string): void {
    const segment = this.open.get(agentId);
    if (!segment) return;
    this.open.delete(agentId);
    closeSync(segment.fd);
  }

  /** Closes the segment `file` if it is open (it is about to be removed). */
  /**
   * The agent is no longer recorded: its segment closes and its folder is forgotten (made again, if it ever is, with
   * its next chunk), so a run that spawns and closes agents keeps nothing here per agent.
   */
  release(agentId: string, folder: string): void {
    this.close(agentId);
    this.folders.delete(folder);
  }

  closeFile(file: string): void {
    for (const [agentId, segment] of this.open) if (segment.file === file) this.close(agentId);
  }

  closeAll(): void {
    for (const agentId of [...this.open.keys()]) this.close(agentId);
  }

  /** The `length` bytes at `byteOffset` of a segment (one chunk's gzip member). */
  read(file: string, byteOffset: number, length: number): Buffer {
    const fd = openSync(join(this.root, file), 'r');
    try {
      const buffer = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const n = readSync(fd, buffer, read, length - read, byteOffset + read);
        if (n === 0) break;
        read += n;
      }
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }
}
