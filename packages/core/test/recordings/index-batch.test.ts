import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../src/core-migrations';
import { openStore, type Store } from '../../src/store/store';
import { RecordingRepository, type IndexedLine } from '../../src/recordings/recording-repository';

const opened: { store: Store; dataDir: string }[] = [];
afterEach(() => {
  for (const { store, dataDir } of opened.splice(0)) {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function repositoryOf() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-index-batch-'));
  const store = openStore(join(dataDir, 'switchboard.db'), coreMigrations);
  opened.push({ store, dataDir });
  return { store, repository: new RecordingRepository(store, join(dataDir, 'recordings'), 1 << 20) };
}

/** `rows` agents' rows of lines, each line a word of its own (`w<row>x<line>`) and a time offset. */
const batchOf = (rows: number, at: number): IndexedLine[] =>
  Array.from({ length: rows }, (_, row) => ({
    agentId: `agent-${row}`,
    at: at + row,
    text: Array.from({ length: 5 }, (_, line) => `built w${at}r${row}x${line} ok`).join('\n'),
    offsets: [0, 10, 20, 30, 40],
  }));

/** SQLite's varint (7 bits a byte, most significant first) at `at`: its value and the offset after it. */
function varint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i]!;
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, at + i + 1];
  }
  return [value * 256 + bytes[at + 8]!, at + 9];
}

/**
 * The leaves FTS5 has written to its level 0 (the structure record's write counter, fts5_index.c: a 4-byte
 * cookie, with secure-delete a 4-byte version marker, then varints: levels, segments, the counter).
 */
function leavesWritten(store: Store): number {
  const { block } = store
    .prepare<[], { block: Buffer }>('SELECT block FROM recording_fts_data WHERE id = 10')
    .get()!;
  let at = block.subarray(4, 8).equals(Buffer.from([0xff, 0, 0, 1])) ? 8 : 4;
  [, at] = varint(block, at); // levels
  [, at] = varint(block, at); // segments
  return varint(block, at)[0];
}

describe('an index batch of recorded lines', () => {
  it('goes into the search index as one FTS5 segment per INSERT of up to 64 rows, not one a row (a savepoint each)', () => {
    const { store, repository } = repositoryOf();
    repository.index([], batchOf(1, 500));
    const before = leavesWritten(store);
    expect(before).toBe(1);
    // 150 rows (more than one INSERT's worth) in one batch: a statement each wrote a segment per row.
    repository.index([], batchOf(150, 1_000));
    expect(leavesWritten(store) - before).toBeLessThanOrEqual(3);
  });

  it('keeps every row, its agent, time, offsets and words (a batch larger than one INSERT included)', () => {
    const { store, repository } = repositoryOf();
    repository.index([], batchOf(3, 1_000));
    repository.index([], batchOf(130, 2_000));
    const rows = store
      .prepare<[], { agent_id: string; at_ms: number; text: string; line_offsets: string | null }>(
        'SELECT agent_id, at_ms, text, line_offsets FROM recording_lines ORDER BY id',
      )
      .all();
    expect(rows).toHaveLength(133);
    expect(rows[2]).toEqual({
      agent_id: 'agent-2',
      at_ms: 1_002,
      text: batchOf(3, 1_000)[2]!.text,
      line_offsets: '0,10,20,30,40',
    });
    expect(rows[132]).toMatchObject({ agent_id: 'agent-129', at_ms: 2_129 });
    const match = store.prepare<[string], { agent_id: string }>(
      'SELECT l.agent_id FROM recording_fts JOIN recording_lines l ON l.id = recording_fts.rowid WHERE recording_fts MATCH ?',
    );
    for (const [word, agent] of [
      ['w1000r0x0', 'agent-0'],
      ['w2000r64x4', 'agent-64'],
      ['w2000r129x2', 'agent-129'],
    ] as const)
      expect(match.all(word)).toEqual([{ agent_id: agent }]);
    store.db.exec(`INSERT INTO recording_fts(recording_fts, rank) VALUES ('integrity-check', 1)`);
  });
});
