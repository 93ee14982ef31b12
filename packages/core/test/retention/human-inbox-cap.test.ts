// The human's inbox cap while the human reads: messages marked read between two batches of one sweep must
// not make the sweep drop older unread ones. Real SQLite (in memory), the messages domain's own tables.
import { describe, expect, it } from 'vitest';
import { HUMAN_INBOX } from '@switchboard/protocol';
import { messageMigrations } from '../../src/messages/message-migrations';
import { humanInboxRetention } from '../../src/retention/message-retention';
import { openStore, type Store } from '../../src/store/store';

const NOW = Date.UTC(2026, 11, 7);
const cap = (maxRows: number) => ({ maxRows, maxAgeDays: null });

/** `n` unread messages to the human from one agent, oldest first. */
function inboxOf(n: number): Store {
  const store = openStore(':memory:', [messageMigrations]);
  const message =
    store.prepare(`INSERT INTO messages (id, kind, sender_id, body, priority, content_hash, created_ms)
    VALUES (?, 'notification', 'agent-a', ?, 1, ?, ?)`);
  const copy =
    store.prepare(`INSERT INTO message_deliveries (message_id, recipient_id, sender_id, kind, priority,
    content_hash, state, created_ms) VALUES (?, '${HUMAN_INBOX}', 'agent-a', 'notification', 1, ?, 'queued', ?)`);
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      message.run(`m${i}`, `note ${i}`, `h${i}`, NOW - n + i);
      copy.run(`m${i}`, `h${i}`, NOW - n + i);
    }
  });
  return store;
}

const unread = (store: Store) =>
  store
    .prepare<[], { message_id: string }>(
      `SELECT message_id FROM message_deliveries WHERE recipient_id = '${HUMAN_INBOX}' AND state IN ('queued', 'delivered') ORDER BY cursor`,
    )
    .all()
    .map((r) => r.message_id);

describe("retention: the human's inbox cap", () => {
  it('messages marked read between two batches of a sweep lower what the next batch drops', () => {
    const store = inboxOf(30);
    const target = humanInboxRetention(store);
    // First batch of the sweep: 8 of the 20 beyond a cap of 10.
    expect(target.prune(cap(10), NOW, 8)).toBe(8);
    // The human reads the 5 newest meanwhile: 17 unread left, 7 beyond the cap.
    store
      .prepare(
        `UPDATE message_deliveries SET state = 'acked' WHERE cursor IN (SELECT cursor FROM message_deliveries ORDER BY cursor DESC LIMIT 5)`,
      )
      .run();
    // The rest of the same sweep (same start time): only those 7.
    expect(target.prune(cap(10), NOW, 500)).toBe(7);
    expect(unread(store)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 15}`));
    expect(target.prune(cap(10), NOW, 500)).toBe(0);
    store.close();
  });

  it('held copies neither count toward the cap nor go; a received (delivered) copy counts like a queued one', () => {
    const store = inboxOf(6);
    store.prepare(`UPDATE message_deliveries SET state = 'held' WHERE message_id IN ('m0', 'm1')`).run();
    store.prepare(`UPDATE message_deliveries SET state = 'delivered' WHERE message_id IN ('m2', 'm4')`).run();
    const target = humanInboxRetention(store);
    expect(target.prune(cap(2), NOW, 500)).toBe(2);
    expect(unread(store)).toEqual(['m4', 'm5']);
    expect(store.prepare(`SELECT count(*) AS n FROM message_deliveries WHERE state = 'held'`).get()).toEqual({
      n: 2,
    });
    store.close();
  });
});
