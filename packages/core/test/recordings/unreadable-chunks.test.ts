// A stored chunk whose bytes cannot be read back (removed, damaged, forged on disk): the replay and the exports say
// which span is missing, and the log says why, once; before session 27 it read as no frames, in silence.
import { openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '@switchboard/protocol';
import { createMemoryLogger } from '../../src/ports/logger';
import type { ChunkRow } from '../../src/recordings/recording-repository';
import { recordedWorld } from './recorded-world';

const iso = (ms: number) => new Date(ms).toISOString();

/** An agent whose recording holds several stored chunks (small chunks, a word printed every 200 ms). */
async function recorded() {
  const logger = createMemoryLogger();
  const world = recordedWorld({ chunkBytes: 256 }, undefined, undefined, logger);
  const agent = await world.spawn('rec');
  for (let i = 0; i < 40; i++) await world.print(agent.paneId!, `secretword${i}\r`);
  await world.pass(3_000);
  const chunksNow = () => {
    const db = new Database(join(world.dataDir, 'switchboard.db'), { readonly: true });
    const rows = db
      .prepare<[string], ChunkRow>(
        'SELECT * FROM recording_chunks WHERE agent_id = ? ORDER BY started_ms, id',
      )
      .all(agent.id);
    db.close();
    return rows;
  };
  const chunks = chunksNow();
  expect(chunks.length).toBeGreaterThan(4);
  /** Writes `bytes` over the chunk's stored bytes from its start. */
  const overwrite = (chunk: ChunkRow, bytes: Buffer) => {
    const fd = openSync(join(world.dataDir, 'recordings', chunk.file), 'r+');
    writeSync(fd, bytes, 0, bytes.length, chunk.byte_offset);
  };
  const read = async () => ({
    frames: await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: agent.id,
      limit: 5_000,
    }),
    text: (await world.human<CommandOutput<'recording.export'>>('recording.export', { agent: agent.id }))
      .content,
    cast: (
      await world.human<CommandOutput<'recording.export'>>('recording.export', {
        agent: agent.id,
        format: 'asciicast',
      })
    ).content,
  });
  return { world, agent, chunks, chunksNow, logger, overwrite, read };
}

describe('a recording chunk that cannot be read back', () => {
  it('damaged bytes: the replay gets its span as unreadable, the exports a line and a marker, the log one warning', async () => {
    const { world, agent, chunks, logger, overwrite, read } = await recorded();
    const damaged = chunks[2]!;
    // A gzip header's first bytes, then no deflate stream: gzip refuses it.
    overwrite(damaged, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(30, 0xa5)]));
    const before = await read();
    const note = `frames from ${iso(damaged.started_ms)} to ${iso(damaged.ended_ms)} could not be read`;
    expect(before.frames.unreadable).toEqual([{ from: iso(damaged.started_ms), to: iso(damaged.ended_ms) }]);
    expect(before.frames.frames.length).toBeGreaterThan(10);
    expect(before.text).toContain(`${iso(damaged.started_ms)}  # ${note}`);
    expect(before.cast).toContain(`"m","${note}`);
    // The other chunks' lines are all there (the chunk after the gap starts with a full frame).
    expect(before.text).toContain('secretword39');
    await read();
    const warnings = logger.records.filter((r) =>
      r.message.startsWith('a recording chunk could not be read'),
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        agent: agent.id,
        file: damaged.file,
        from: iso(damaged.started_ms),
      }),
    ]);
    expect(JSON.stringify(warnings)).not.toContain('secretword');
    await world.orchestrator.close();
  });

  it('a chunk inflating past the bytes it was written from is not inflated; every file removed: one span for all the chunks', async () => {
    const { world, agent, chunks, chunksNow, logger, overwrite, read } = await recorded();
    const forged = chunks[1]!;
    // A gzip member of the chunk's stored size or less that inflates to 64× what the chunk was written from.
    const bomb = gzipSync(Buffer.alloc(forged.raw_bytes * 64, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(forged.stored_bytes);
    overwrite(forged, Buffer.concat([bomb, Buffer.alloc(forged.stored_bytes - bomb.length)]));
    // Before: the chunk inflated whole and its text threw in JSON.parse, failing the whole read.
    expect((await read()).frames.unreadable).toEqual([
      { from: iso(forged.started_ms), to: iso(forged.ended_ms) },
    ]);
    expect(logger.records.at(-1)).toMatchObject({ reason: 'ERR_BUFFER_TOO_LARGE' });
    // The agent closed (its last frames written as a chunk: nothing open), then every segment file removed.
    await world.human('agent.close', { agent: agent.id });
    await world.pass(3_000);
    const all = chunksNow();
    for (const file of new Set(all.map((chunk) => chunk.file)))
      rmSync(join(world.dataDir, 'recordings', file));
    const gone = await read();
    const span = { from: iso(all[0]!.started_ms), to: iso(all.at(-1)!.ended_ms) };
    const note = `frames from ${span.from} to ${span.to} could not be read (a damaged recording chunk)`;
    expect(gone.frames).toMatchObject({ frames: [], unreadable: [span] });
    expect(gone.text).toContain(`${span.from}  # ${note}`);
    // No frame left to size the cast by: a header at the default size, then the marker.
    expect(gone.cast.split('\n')[1]).toBe(JSON.stringify([0, 'm', note]));
    expect(logger.records.at(-1)).toMatchObject({ reason: 'ENOENT' });
    await world.orchestrator.close();
  });
});
