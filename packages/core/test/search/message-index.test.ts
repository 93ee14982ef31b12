import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MESSAGE_INDEX_BATCH_MS } from '../../src/search/message-index';
import { createWorld, type World } from '../support/world';

type Found = { total: number; groups: { hits: { message: { id: string } | null }[] }[] };

/** A world on a database file, and a second connection to it (to look at the index, to write as others would). */
function worldOnFile(path = join(mkdtempSync(join(tmpdir(), 'message-index-')), 'switchboard.db')) {
  const world = createWorld(path);
  return { world, path, db: new Database(path) };
}

/** message_fts rows per message id (a message indexed twice shows 2). */
const indexed = (db: Database.Database) =>
  Object.fromEntries(
    db
      .prepare<[], { message_id: string; n: number }>(
        'SELECT message_id, count(*) AS n FROM message_fts GROUP BY message_id',
      )
      .all()
      .map((row) => [row.message_id, row.n]),
  );

const send = (world: World, body: string) =>
  world.human('message.send', {
    to: { agent: 'bob' },
    body,
    typeIntoPane: 'never',
    dedupe: false,
  }) as Promise<{
    messageIds: string[];
  }>;

describe('message bodies indexed in batches for the fleet search', () => {
  it('writes no index row in the send; a search sees the message at once; the batch indexes it a moment later', async () => {
    const { world, db } = worldOnFile();
    await world.spawn('bob');
    const { messageIds } = await send(world, 'the quarterly rollout plan');
    expect(indexed(db)).toEqual({});

    const found = (await world.human('fleet.search', { query: 'rollout', sources: ['message'] })) as Found;
    expect(found.groups[0]!.hits[0]!.message!.id).toBe(messageIds[0]);
    expect(indexed(db)).toEqual({ [messageIds[0]!]: 1 });

    const next = await send(world, 'second rollout note');
    expect(indexed(db)[next.messageIds[0]!]).toBeUndefined();
    world.clock.advance(MESSAGE_INDEX_BATCH_MS);
    expect(indexed(db)).toEqual({ [messageIds[0]!]: 1, [next.messageIds[0]!]: 1 });
    // Searching again indexes nothing twice.
    expect(((await world.human('fleet.search', { query: 'rollout' })) as Found).total).toBe(2);
    expect(indexed(db)).toEqual({ [messageIds[0]!]: 1, [next.messageIds[0]!]: 1 });
    await world.orchestrator.close();
    db.close();
  });

  it('indexes on start what a stop before the batch left behind, once each', async () => {
    const { world, path, db } = worldOnFile();
    await world.spawn('bob');
    const ids = (await send(world, 'note zero about kiwis')).messageIds;
    await world.human('fleet.search', { query: 'kiwis' });
    await world.orchestrator.close();
    // What a crash leaves: messages stored after the last batch, never indexed.
    const insert = db.prepare(
      `INSERT INTO messages (id, kind, sender_id, body, priority, content_hash, created_ms) VALUES (?, 'chat', 'human', ?, 1, 'h', 0)`,
    );
    for (let i = 1; i < 5; i++) insert.run(`m-${i}`, `note ${i} about kiwis`);
    ids.push('m-1', 'm-2', 'm-3', 'm-4');

    const again = createWorld(path);
    await again.orchestrator.ready;
    expect(indexed(db)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect(((await again.human('fleet.search', { query: 'kiwis' })) as Found).total).toBe(5);
    await again.orchestrator.close();
    db.close();
  });

  it('rebuilds the index when its mark no longer names the message it was set on (rowids moved)', async () => {
    const { world, path, db } = worldOnFile();
    await world.spawn('bob');
    const a = (await send(world, 'alpha melon')).messageIds[0]!;
    const b = (await send(world, 'beta melon')).messageIds[0]!;
    await world.human('fleet.search', { query: 'melon' });
    await world.orchestrator.close();
    // As a VACUUM renumbering rowids would leave it: the mark's rowid now holds another message.
    db.prepare("UPDATE message_fts_state SET indexed_id = 'someone-else'").run();
    db.prepare("INSERT INTO message_fts(message_id, body) VALUES ('stale', 'stale melon')").run();

    const again = createWorld(path);
    await again.orchestrator.ready;
    expect(indexed(db)).toEqual({ [a]: 1, [b]: 1 });
    await again.orchestrator.close();
    db.close();
  });

  it('indexes a message whose rowid was used before (the last message deleted), and keeps deleted words out', async () => {
    const { world, db } = worldOnFile();
    await world.spawn('bob');
    const kept = (await send(world, 'apple one')).messageIds[0]!;
    const gone = (await send(world, 'apple two')).messageIds[0]!;
    world.clock.advance(MESSAGE_INDEX_BATCH_MS);
    const rowid = db.prepare<[string], { rowid: number }>('SELECT rowid FROM messages WHERE id = ?');
    const goneRow = rowid.get(gone)!.rowid;
    db.prepare('DELETE FROM message_deliveries WHERE message_id = ?').run(gone);
    db.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    expect(indexed(db)).toEqual({ [kept]: 1 });

    const again = (await send(world, 'apple three')).messageIds[0]!;
    expect(rowid.get(again)!.rowid).toBe(goneRow);
    expect(((await world.human('fleet.search', { query: 'apple' })) as Found).total).toBe(2);
    expect(indexed(db)).toEqual({ [kept]: 1, [again]: 1 });
    await world.orchestrator.close();
    db.close();
  });

  it('a body rewritten in place (the redaction migration) first indexes what waits, then replaces its own row', async () => {
    const { world, db } = worldOnFile();
    await world.spawn('bob');
    const first = (await send(world, 'pear first')).messageIds[0]!;
    const second = (await send(world, 'pear second')).messageIds[0]!;
    db.prepare("UPDATE messages SET body = 'plum first' WHERE id = ?").run(first);
    expect(indexed(db)).toEqual({ [first]: 1, [second]: 1 });
    expect(((await world.human('fleet.search', { query: 'pear' })) as Found).total).toBe(1);
    expect(((await world.human('fleet.search', { query: 'plum' })) as Found).total).toBe(1);
    await world.orchestrator.close();
    db.close();
  });

  it('closing the host twice is harmless: the second close indexes nothing on the closed database', async () => {
    const { world, db } = worldOnFile();
    await world.spawn('bob');
    await send(world, 'a body still waiting for its batch');
    await world.orchestrator.close();
    // Before, the second close flushed the index on a closed database: "The database connection is not open".
    await expect(world.orchestrator.close()).resolves.toBeUndefined();
    expect(Object.values(indexed(db))).toEqual([1]);
    db.close();
  });
});
