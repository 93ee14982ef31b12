import { createHook } from 'node:async_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../src/core-migrations';
import { openStore, type Store } from '../../src/store/store';
import { ChunkDeflate } from '../../src/recordings/chunk-deflate';
import { CHUNK_GZIP, RecordingRepository } from '../../src/recordings/recording-repository';

const opened: { store: Store; dataDir: string }[] = [];
afterEach(() => {
  for (const { store, dataDir } of opened.splice(0)) {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A chunk's frames as the recorder writes them: `frames` JSON lines of a printing pane. */
const chunkOf = (n: number, frames = 5) =>
  Buffer.from(
    Array.from(
      { length: frames },
      (_, f) =>
        JSON.stringify({
          at: n * 1000 + f,
          scrolled: 20,
          changes: Array.from({ length: 20 }, (_, row) => ({
            row,
            text: `chunk ${n} frame ${f} line ${row}`,
          })),
        }) + '\n',
    ).join(''),
  );

describe('chunks compressed with one deflate state', () => {
  it('makes gzip members that gunzip alone, whole, and next to members gzipSync wrote (old segments)', () => {
    const deflate = new ChunkDeflate(CHUNK_GZIP);
    expect(deflate.shared).toBe(true);
    // Growing past the output buffer, a chunk of one frame, an empty one, and the same chunk twice.
    const large = Buffer.from(
      Array.from({ length: 3_000 }, (_, i) => `${(i * 7919) % 104_729} built\n`).join(''),
    );
    const raws = [chunkOf(1), large, chunkOf(2, 1), Buffer.alloc(0), chunkOf(3), chunkOf(3)];
    const members = raws.map((raw) => deflate.gzip(raw));
    members.forEach((member, i) => expect(gunzipSync(member).equals(raws[i]!)).toBe(true));
    const old = gzipSync(chunkOf(0), CHUNK_GZIP);
    const segment = Buffer.concat([old, ...members, old]);
    expect(gunzipSync(segment).equals(Buffer.concat([chunkOf(0), ...raws, chunkOf(0)]))).toBe(true);
    // No chunk refers to another's bytes: the same chunk twice compresses to the same member.
    expect(members[5]!.equals(members[4]!)).toBe(true);
  });

  it('sets up no zlib state per chunk written (gzipSync made one each)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-chunk-deflate-'));
    const store = openStore(join(dataDir, 'switchboard.db'), coreMigrations);
    opened.push({ store, dataDir });
    const repository = new RecordingRepository(store, join(dataDir, 'recordings'), 1 << 20);
    let zlibStates = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'ZLIB' && zlibStates++) }).enable();
    const rows = Array.from({ length: 30 }, (_, n) =>
      repository.writeChunk('agent-1', chunkOf(n), 5, n * 1000, n * 1000 + 4),
    );
    hook.disable();
    expect(zlibStates).toBe(0);
    repository.index(rows, []);
    // Read back as the replay reads them: each chunk alone at its offset, and the segment whole.
    const chunks = repository.chunksOf('agent-1', 0, 1e9);
    expect(chunks).toHaveLength(30);
    chunks.forEach((chunk, n) =>
      expect(repository.readChunk(chunk)).toEqual(
        chunkOf(n)
          .toString()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ),
    );
    const file = readFileSync(join(dataDir, 'recordings', chunks[0]!.file));
    expect(gunzipSync(file).toString()).toBe(rows.map((_, n) => chunkOf(n).toString()).join(''));
  });
});
