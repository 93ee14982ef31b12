import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RecordedFrame } from '@switchboard/protocol';
import type { Store } from '../store/store';

export interface ChunkRow {
  id: number;
  agent_id: string;
  file: string;
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

export interface IndexedLine {
  agentId: string;
  at: number;
  text: string;
}

/** A folder name for an agent id: the id itself when it is plain, else its hash (never a path of its own). */
const folderOf = (agentId: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(agentId)
    ? agentId
    : `h-${createHash('sha256').update(agentId).digest('hex').slice(0, 32)}`;

/**
 * Chunk files (gzip, one JSON frame a line, 0600 in 0700 folders) and their index in SQLite, with the
 * running sizes the bounds are checked against (summed once at start, then kept in step).
 */
export class RecordingRepository {
  private readonly bytesByAgent = new Map<string, number>();
  private total = 0;
  /** Agent folders made in this run (a chunk is written every few seconds per agent: no mkdir each time). */
  private readonly folders = new Set<string>();

  constructor(
    private readonly store: Store,
    readonly root: string,
  ) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const sums = store
      .prepare<[], { agent_id: string; bytes: number }>(
        'SELECT agent_id, sum(stored_bytes) AS bytes FROM recording_chunks GROUP BY agent_id',
      )
      .all();
    for (const { agent_id, bytes } of sums) {
      this.bytesByAgent.set(agent_id, bytes);
      this.total += bytes;
    }
  }

  get totalBytes(): number {
    return this.total;
  }

  bytesOf(agentId: string): number {
    return this.bytesByAgent.get(agentId) ?? 0;
  }

  /** Compresses and writes one chunk's frames to its file; `index` (with the next batch) makes it part of the recording. */
  writeChunk(
    agentId: string,
    frames: readonly string[],
    startedMs: number,
    endedMs: number,
  ): Omit<ChunkRow, 'id'> {
    const raw = Buffer.from(frames.join('\n') + '\n');
    const data = gzipSync(raw);
    const folder = folderOf(agentId);
    if (!this.folders.has(folder)) {
      mkdirSync(join(this.root, folder), { recursive: true, mode: 0o700 });
      this.folders.add(folder);
    }
    const file = join(folder, `${startedMs}-${randomBytes(4).toString('hex')}.jsonl.gz`);
    try {
      writeFileSync(join(this.root, file), data, { mode: 0o600 });
    } catch (error) {
      // The folder may have been removed under us: made again with the next chunk.
      this.folders.delete(folder);
      throw error;
    }
    return {
      agent_id: agentId,
      file,
      started_ms: startedMs,
      ended_ms: endedMs,
      frames: frames.length,
      raw_bytes: raw.length,
      stored_bytes: data.length,
    };
  }

  /**
   * Indexes written chunks and the lines that appeared on screens, in one transaction (one commit for a
   * batch of the whole fleet, not one per chunk or line).
   */
  index(chunks: readonly Omit<ChunkRow, 'id'>[], lines: readonly IndexedLine[]): void {
    if (chunks.length === 0 && lines.length === 0) return;
    const insertChunk = this.store.prepare(
      'INSERT INTO recording_chunks (agent_id, file, started_ms, ended_ms, frames, raw_bytes, stored_bytes) VALUES (@agent_id, @file, @started_ms, @ended_ms, @frames, @raw_bytes, @stored_bytes)',
    );
    const insertLine = this.store.prepare(
      'INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)',
    );
    this.store.transaction(() => {
      for (const chunk of chunks) insertChunk.run(chunk);
      for (const line of lines) insertLine.run(line.agentId, line.at, line.text);
    });
    for (const chunk of chunks) this.add(chunk.agent_id, chunk.stored_bytes);
  }

  /** Removes chunk files no index row names (written just before a crash): they would count against no bound. */
  sweepOrphans(): void {
    const known = new Set(
      this.store
        .prepare<[], { file: string }>('SELECT file FROM recording_chunks')
        .all()
        .map((row) => row.file),
    );
    for (const folder of readdirSync(this.root)) {
      for (const name of readdirSync(join(this.root, folder)))
        if (!known.has(join(folder, name))) rmSync(join(this.root, folder, name), { force: true });
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
    this.store.transaction(() => {
      this.store.prepare('DELETE FROM recording_chunks WHERE id = ?').run(chunk.id);
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
    rmSync(join(this.root, chunk.file), { force: true });
    this.add(chunk.agent_id, -chunk.stored_bytes);
  }

  /** The agent's chunks that may hold frames in [fromMs, toMs], oldest first. */
  chunksOf(agentId: string, fromMs: number, toMs: number): ChunkRow[] {
    return this.store
      .prepare<[string, number, number], ChunkRow>(
        'SELECT * FROM recording_chunks WHERE agent_id = ? AND ended_ms >= ? AND started_ms <= ? ORDER BY started_ms, id',
      )
      .all(agentId, fromMs, toMs);
  }

  /** A chunk's frames, oldest first (a chunk whose file is gone reads as empty). */
  readChunk(chunk: ChunkRow): RecordedFrame[] {
    let text: string;
    try {
      text = gunzipSync(readFileSync(join(this.root, chunk.file))).toString('utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RecordedFrame);
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
           (SELECT coalesce(sum(stored_bytes), 0) FROM recording_chunks c WHERE c.agent_id = a.agent_id) AS bytes,
           (SELECT count(*) FROM recording_chunks c WHERE c.agent_id = a.agent_id) AS chunks,
           d.dropped_until_ms, coalesce(d.dropped_bytes, 0) AS dropped_bytes
         FROM agents a LEFT JOIN recording_drops d ON d.agent_id = a.agent_id
         WHERE @agent IS NULL OR a.agent_id = @agent ORDER BY a.agent_id`,
      )
      .all({ agent: agentId ?? null });
  }

  private add(agentId: string, bytes: number): void {
    this.bytesByAgent.set(agentId, (this.bytesByAgent.get(agentId) ?? 0) + bytes);
    this.total += bytes;
  }
}
