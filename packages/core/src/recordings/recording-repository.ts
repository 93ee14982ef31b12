import { mkdirSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RecordedFrame } from '@switchboard/protocol';
import { logAt, silentLogger, type Logger } from '../ports/logger';
import type { Store } from '../store/store';
import { ChunkDeflate } from './chunk-deflate';
import { ChunkSegments } from './chunk-segments';

export interface ChunkRow {
  id: number;
  agent_id: string;
  /** The segment file (relative to the recordings folder) and where in it the chunk's gzip member starts. */
  file: string;
  byte_offset: number;
  started_ms: number;
  ended_ms: number;
  frames: number;
  raw_bytes: number;
  stored_bytes: number;
}

export interface DropRow {
  agent_id: string;
  dropped_until_ms: number;
  dropped_bytes: number;
}

/** Lines that appeared on an agent's screens, one a line of `text`, each at `at` + its offset (ms). */
export interface IndexedLine {
  agentId: string;
  at: number;
  text: string;
  offsets: number[];
}

/** A row's line offsets as stored: null when every line appeared at the row's time. */
const offsetsColumn = (offsets: readonly number[]) =>
  offsets.some((o) => o !== 0) ? offsets.join(',') : null;

/** A folder name for an agent id: the id itself when it is plain, else its hash (never a path of its own). */
const folderOf = (agentId: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(agentId)
    ? agentId
    : `h-${createHash('sha256').update(agentId).digest('hex').slice(0, 32)}`;

/**
 * Chunks are compressed at zlib's fastest level: a third of the default level's CPU for printed output's
 * frames, ~10 % more bytes (600 chunks of build-log frames: 19 vs 58 ms, 699 vs 632 KiB). With an 8 KiB window
 * and a smaller hash (`windowBits` 13, `memLevel` 7) instead of 32 KiB and the default: every chunk gets a zlib
 * state of its own (`gzipSync`), whose ~256 KiB of tables are allocated and set up per chunk, in a heap the
 * rest of the host keeps churning, so setting them up cost more than compressing a chunk of a few KiB; a
 * third of the tables, the same bytes for such chunks (docs/performance.md, session 17). Any gunzip reads it. Since
 * session 18 one deflate state serves every chunk (`ChunkDeflate`): no tables set up per chunk at all.
 */
export const CHUNK_GZIP = { level: 1, windowBits: 13, memLevel: 7 } as const;

/**
 * Rows of lines go in as one INSERT of up to this many rows, not a statement each: inside a transaction every
 * statement that fires the FTS5 trigger opens a statement savepoint, and FTS5 writes its pending terms to disk
 * as a segment of their own at every savepoint, so a batch of N rows made N segments for automerge to merge
 * again (docs/performance.md, session 18). 4 parameters a row, far below SQLite's limit.
 */
const LINE_ROWS_PER_STATEMENT = 64;
const insertLinesSql = (rows: number) =>
  `INSERT INTO recording_lines (agent_id, at_ms, text, line_offsets) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ')}`;

/** A segment's size as the index knows it: the end of its last indexed chunk. */
const SEGMENT_ENDS = `SELECT agent_id, file, max(byte_offset + stored_bytes) AS end FROM recording_chunks GROUP BY file`;

/**
 * Chunks (gzip members, one JSON frame a line) appended to segment files (0600 in 0700 folders,
 * `chunk-segments.ts`) and their index in SQLite, with the running sizes the bounds are checked against:
 * the bytes of the agent's segment files (summed once at start, then kept in step), so the bounds hold on
 * disk; a segment's file goes when its last chunk is dropped.
 */
export class RecordingRepository {
  private readonly bytesByAgent = new Map<string, number>();
  private total = 0;
  /** Each segment's indexed end (its bytes counted against the bounds). */
  private readonly segmentEnds = new Map<string, number>();
  private readonly segments: ChunkSegments;
  /** One zlib deflate state for every chunk written (`chunk-deflate.ts`). */
  private readonly deflate = new ChunkDeflate(CHUNK_GZIP);

  /** Chunks found unreadable in this run (each logged once). */
  private readonly unreadable = new Set<number>();

  /** `segmentBytes`: a segment takes chunks until it holds this many bytes. */
  constructor(
    private readonly store: Store,
    readonly root: string,
    segmentBytes: number,
    private readonly logger: Logger = silentLogger,
  ) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    this.segments = new ChunkSegments(root, segmentBytes);
    for (const { agent_id, file, end } of store
      .prepare<[], { agent_id: string; file: string; end: number }>(SEGMENT_ENDS)
      .all()) {
      this.segmentEnds.set(file, end);
      this.add(agent_id, end);
    }
  }

  get totalBytes(): number {
    return this.total;
  }

  bytesOf(agentId: string): number {
    return this.bytesByAgent.get(agentId) ?? 0;
  }

  /**
   * Compresses one chunk's frames (`raw`: `frames` JSON lines) and appends them to the agent's segment; `index`
   * (with the next batch) makes it part of the recording.
   */
  writeChunk(
    agentId: string,
    raw: Buffer,
    frames: number,
    startedMs: number,
    endedMs: number,
  ): Omit<ChunkRow, 'id'> {
    const data = this.deflate.gzip(raw);
    const { file, byteOffset } = this.segments.append(agentId, folderOf(agentId), startedMs, data);
    return {
      agent_id: agentId,
      file,
      byte_offset: byteOffset,
      started_ms: startedMs,
      ended_ms: endedMs,
      frames,
      raw_bytes: raw.length,
      stored_bytes: data.length,
    };
  }

  /** Makes the folder the agent's chunks go to, ahead of its first chunk (`ChunkSegments.makeFolder`). */
  prepareFolder(agentId: string): void {
    this.segments.makeFolder(folderOf(agentId));
  }

  /** Stops appending to the agent's segment (the agent is no longer recorded, or the recorder closes). */
  closeSegment(agentId?: string): void {
    if (agentId === undefined) this.segments.closeAll();
    else this.segments.release(agentId, folderOf(agentId));
  }

  /**
   * Indexes written chunks and the lines that appeared on screens, in one transaction (one commit for a
   * batch of the whole fleet, not one per chunk or line).
   */
  index(chunks: readonly Omit<ChunkRow, 'id'>[], lines: readonly IndexedLine[]): void {
    if (chunks.length === 0 && lines.length === 0) return;
    const insertChunk = this.store.prepare(
      'INSERT INTO recording_chunks (agent_id, file, byte_offset, started_ms, ended_ms, frames, raw_bytes, stored_bytes) VALUES (@agent_id, @file, @byte_offset, @started_ms, @ended_ms, @frames, @raw_bytes, @stored_bytes)',
    );
    this.store.transaction(() => {
      for (const chunk of chunks) insertChunk.run(chunk);
      for (let from = 0; from < lines.length; from += LINE_ROWS_PER_STATEMENT) {
        const rows = lines.slice(from, from + LINE_ROWS_PER_STATEMENT);
        this.store
          .prepare(insertLinesSql(rows.length))
          .run(rows.flatMap((line) => [line.agentId, line.at, line.text, offsetsColumn(line.offsets)]));
      }
    });
    for (const chunk of chunks) {
      const end = chunk.byte_offset + chunk.stored_bytes;
      const known = this.segmentEnds.get(chunk.file) ?? 0;
      if (end > known) {
        this.segmentEnds.set(chunk.file, end);
        this.add(chunk.agent_id, end - known);
      }
    }
  }

  /**
   * Removes segment files no index row names, and cuts a segment back to its last indexed chunk (a chunk
   * appended, or torn, just before a crash): what is on disk is what the bounds count.
   */
  sweepOrphans(): void {
    for (const folder of readdirSync(this.root)) {
      for (const name of readdirSync(join(this.root, folder))) {
        const file = join(folder, name);
        const end = this.segmentEnds.get(file);
        if (end === undefined) rmSync(join(this.root, file), { force: true });
        else if (statSync(join(this.root, file)).size > end) truncateSync(join(this.root, file), end);
      }
    }
  }

  /** Drops the oldest chunks: the agent's own beyond `perAgent` bytes, then anyone's beyond `total`. */
  enforceBounds(agentId: string, perAgent: number, total: number): void {
    while (this.bytesOf(agentId) > perAgent) {
      const oldest = this.oldest(agentId);
      if (!oldest) break;
      this.drop(oldest);
    }
    while (this.totalBytes > total) {
      const oldest = this.oldest();
      if (!oldest) break;
      this.drop(oldest);
    }
  }

  /** The agent's oldest chunk, or the oldest of all. */
  oldest(agentId?: string): ChunkRow | undefined {
    return agentId === undefined
      ? this.store
          .prepare<[], ChunkRow>('SELECT * FROM recording_chunks ORDER BY started_ms, id LIMIT 1')
          .get()
      : this.store
          .prepare<[string], ChunkRow>(
            'SELECT * FROM recording_chunks WHERE agent_id = ? ORDER BY started_ms, id LIMIT 1',
          )
          .get(agentId);
  }

  /**
   * Drops a chunk for the bounds: its file, its row, the indexed lines up to its end, and a marker of
   * what went (the agent's recording is complete only after `dropped_until_ms`).
   */
  drop(chunk: ChunkRow): void {
    let emptied = false;
    this.store.transaction(() => {
      this.store.prepare('DELETE FROM recording_chunks WHERE id = ?').run(chunk.id);
      emptied = !this.store.prepare('SELECT 1 FROM recording_chunks WHERE file = ?').get(chunk.file);
      this.store
        .prepare('DELETE FROM recording_lines WHERE agent_id = ? AND at_ms <= ?')
        .run(chunk.agent_id, chunk.ended_ms);
      this.store
        .prepare(
          `INSERT INTO recording_drops (agent_id, dropped_until_ms, dropped_bytes) VALUES (?, ?, ?)
          ON CONFLICT(agent_id) DO UPDATE SET dropped_until_ms = max(dropped_until_ms, excluded.dropped_until_ms), dropped_bytes = dropped_bytes + excluded.dropped_bytes`,
        )
        .run(chunk.agent_id, chunk.ended_ms, chunk.stored_bytes);
    });
    // The segment's bytes stay counted until its last chunk goes (they are on disk until then).
    if (!emptied) return;
    this.segments.closeFile(chunk.file);
    rmSync(join(this.root, chunk.file), { force: true });
    this.add(chunk.agent_id, -(this.segmentEnds.get(chunk.file) ?? chunk.stored_bytes));
    this.segmentEnds.delete(chunk.file);
  }

  /** The agent's chunks that may hold frames in [fromMs, toMs], oldest first. */
  chunksOf(agentId: string, fromMs: number, toMs: number): ChunkRow[] {
    return this.store
      .prepare<[string, number, number], ChunkRow>(
        'SELECT * FROM recording_chunks WHERE agent_id = ? AND ended_ms >= ? AND started_ms <= ? ORDER BY started_ms, id',
      )
      .all(agentId, fromMs, toMs);
  }

  /**
   * A chunk's frames, oldest first; undefined when they cannot be read back — its file gone or cut short, its bytes
   * not the gzip member written (gzip's checksum), or inflating past the bytes it was written from (`raw_bytes`),
   * or not frames — logged once a chunk with the reason (never its text). Readers say which span is missing.
   */
  readChunk(chunk: ChunkRow): RecordedFrame[] | undefined {
    let raw: Buffer;
    try {
      const stored = this.segments.read(chunk.file, chunk.byte_offset, chunk.stored_bytes);
      if (stored.length < chunk.stored_bytes) return this.unreadableChunk(chunk, 'cut short');
      raw = gunzipSync(stored, { maxOutputLength: Math.max(1, chunk.raw_bytes) });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return this.unreadableChunk(chunk, reason);
    }
    const frames: RecordedFrame[] = [];
    for (const line of raw.toString('utf8').split('\n')) {
      if (line === '') continue;
      let frame: unknown;
      try {
        frame = JSON.parse(line);
      } catch {
        return this.unreadableChunk(chunk, 'not JSON lines'); // Not the parser's message: it quotes the line.
      }
      if (!looksLikeFrame(frame)) return this.unreadableChunk(chunk, 'not recorded frames');
      frames.push(frame);
    }
    return frames;
  }

  private unreadableChunk(chunk: ChunkRow, reason: string): undefined {
    if (!this.unreadable.has(chunk.id)) {
      this.unreadable.add(chunk.id);
      logAt.warn(this.logger, 'a recording chunk could not be read: replays and exports show the gap', {
        component: 'recordings',
        agent: chunk.agent_id,
        file: chunk.file,
        byteOffset: chunk.byte_offset,
        from: new Date(chunk.started_ms).toISOString(),
        to: new Date(chunk.ended_ms).toISOString(),
        reason,
      });
    }
    return undefined;
  }

  dropOf(agentId: string): DropRow | undefined {
    return this.store
      .prepare<[string], DropRow>('SELECT * FROM recording_drops WHERE agent_id = ?')
      .get(agentId);
  }

  /** Per agent: kept span, size, chunk count (agents with chunks or drops). */
  summaries(agentId?: string): {
    agent_id: string;
    from_ms: number | null;
    to_ms: number | null;
    bytes: number;
    chunks: number;
    dropped_until_ms: number | null;
    dropped_bytes: number;
  }[] {
    return this.store
      .prepare<
        { agent: string | null },
        {
          agent_id: string;
          from_ms: number | null;
          to_ms: number | null;
          bytes: number;
          chunks: number;
          dropped_until_ms: number | null;
          dropped_bytes: number;
        }
      >(
        `WITH agents AS (SELECT agent_id FROM recording_chunks UNION SELECT agent_id FROM recording_drops)
         SELECT a.agent_id,
           (SELECT min(started_ms) FROM recording_chunks c WHERE c.agent_id = a.agent_id) AS from_ms,
           (SELECT max(ended_ms) FROM recording_chunks c WHERE c.agent_id = a.agent_id) AS to_ms,
           (SELECT coalesce(sum(end), 0) FROM (SELECT max(byte_offset + stored_bytes) AS end FROM recording_chunks c
             WHERE c.agent_id = a.agent_id GROUP BY file)) AS bytes,
           (SELECT count(*) FROM recording_chunks c WHERE c.agent_id = a.agent_id) AS chunks,
           d.dropped_until_ms, coalesce(d.dropped_bytes, 0) AS dropped_bytes
         FROM agents a LEFT JOIN recording_drops d ON d.agent_id = a.agent_id
         WHERE @agent IS NULL OR a.agent_id = @agent ORDER BY a.agent_id`,
      )
      .all({ agent: agentId ?? null });
  }

  private add(agentId: string, bytes: number): void {
    const now = (this.bytesByAgent.get(agentId) ?? 0) + bytes;
    // An agent whose last segment went keeps no entry (`bytesOf` answers 0 for it).
    if (now === 0) this.bytesByAgent.delete(agentId);
    else this.bytesByAgent.set(agentId, now);
    this.total += bytes;
  }
}

/** Rows a recorded screen may have (the contract bounds columns and scrolls at the same). */
const MAX_FRAME_ROWS = 10_000;
const isRow = (value: unknown) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) < MAX_FRAME_ROWS;

/**
 * What replay and export rely on of a frame: its time, and rows a screen can hold (`applyFrame` makes an array of
 * `rows` and sets each changed row). The recorder wrote the rest; a chunk someone else wrote is caught here.
 */
function looksLikeFrame(value: unknown): value is RecordedFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as Partial<RecordedFrame>;
  return (
    typeof frame.at === 'number' &&
    (frame.rows === undefined || isRow(frame.rows)) &&
    Array.isArray(frame.changes) &&
    frame.changes.every((change) => isRow(change?.row) && typeof change.text === 'string')
  );
}
