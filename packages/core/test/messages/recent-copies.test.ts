// Duplicates are found from the dedupe window's copies kept in memory (no index on the content hash): the
// copies made before a restart are loaded at first use, a candidate is only taken after its row is checked
// (a rolled-back copy whose cursor was reused, an expired copy), old copies are dropped, the index is gone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/index';
import { messageMigrations } from '../../src/messages/message-migrations';
import { MessageRepository } from '../../src/messages/message-repository';
import { FakeClock } from '../../src/testing/index';
import { createWorld, type World } from '../support/world';

type Sent = { messageIds: string[]; deduplicated: { recipientId: string; duplicateOf: string }[] };

const open: World[] = [];
afterEach(async () => {
  for (const world of open.splice(0)) await world.orchestrator.close();
});

describe('duplicates from the recent copies', () => {
  it('finds a copy sent before a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-dedupe-')), 'db.sqlite');
    const clock = new FakeClock();
    const before = createWorld(path, clock);
    const a = await before.spawn('a');
    await before.spawn('b');
    const first = (await before.as(a)('message.send', { to: { agent: 'b' }, body: 'ping' })) as Sent;
    await before.orchestrator.close();

    clock.advance(5_000);
    const after = createWorld(path, clock);
    open.push(after);
    await after.orchestrator.ready;
    const again = (await after.as(a)('message.send', { to: { agent: 'b' }, body: 'ping' })) as Sent;
    expect(again.messageIds).toEqual([]);
    expect(again.deduplicated).toEqual([
      { recipientId: expect.any(String), duplicateOf: first.messageIds[0] },
    ]);
  });

  function repositoryWorld() {
    const clock = new FakeClock();
    const store = openStore(':memory:', [messageMigrations]);
    const repository = new MessageRepository(store, { windowMs: 60_000, now: () => clock.now() });
    const copy = (messageId: string, recipient: string, hash: string) => {
      repository.insertMessage({
        id: messageId,
        kind: 'event',
        sender_id: 'a',
        sender_team_id: null,
        body: messageId,
        correlation_id: null,
        reply_to: null,
        priority: 1,
        content_hash: hash,
        created_ms: clock.now(),
        expires_ms: null,
        traceparent: null,
      });
      return repository.insertDelivery({
        message_id: messageId,
        recipient_id: recipient,
        recipient_team_id: null,
        sender_id: 'a',
        sender_team_id: null,
        kind: 'event',
        priority: 1,
        content_hash: hash,
        state: 'queued',
        created_ms: clock.now(),
        expires_ms: null,
        pane_state: 'none',
      });
    };
    return { clock, store, repository, copy };
  }

  it('never takes a rolled-back copy for a duplicate, even when its cursor is reused', () => {
    const { store, repository, copy } = repositoryWorld();
    copy('m0', 'b', 'h0');
    let undone = -1;
    expect(() =>
      store.transaction(() => {
        undone = copy('m1', 'b', 'h1');
        throw new Error('undone');
      }),
    ).toThrow('undone');
    const reused = store.transaction(() => copy('m2', 'c', 'h2'));
    expect(reused).toBe(undone); // AUTOINCREMENT's counter was rolled back with the copy
    expect(repository.findDuplicate('b', 'h1', 0)).toBeUndefined();
    expect(repository.findDuplicate('c', 'h2', 0)).toBe('m2');
    expect(repository.findDuplicate('b', 'h0', 0)).toBe('m0');
    store.close();
  });

  it('skips expired copies and copies before the window; drops copies older than twice the window', () => {
    const { clock, store, repository, copy } = repositoryWorld();
    const first = copy('m1', 'b', 'h');
    clock.advance(10);
    const second = copy('m2', 'b', 'h');
    expect(repository.findDuplicate('b', 'h', 0)).toBe('m2');
    repository.setState([second], 'expired', clock.now());
    expect(repository.findDuplicate('b', 'h', 0)).toBe('m1');
    expect(repository.findDuplicate('b', 'h', clock.now() - 5)).toBeUndefined();
    repository.setState([first], 'denied', clock.now());
    expect(repository.findDuplicate('b', 'h', 0)).toBeUndefined();

    const recent = (repository as unknown as { recent: { size: number } }).recent;
    expect(recent.size).toBe(2);
    clock.advance(120_001);
    copy('m3', 'b', 'other');
    expect(recent.size).toBe(1);
    store.close();
  });

  it('has no index on the content hash any more', () => {
    const store = openStore(':memory:', [messageMigrations]);
    const indexes = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message_deliveries'")
      .pluck()
      .all();
    expect(indexes).not.toContain('deliveries_dedupe');
    expect(indexes).toContain('deliveries_inbox');
    store.close();
  });
});
