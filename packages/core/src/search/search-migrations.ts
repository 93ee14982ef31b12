import type { DomainMigrations } from '../store/store';
import { redactSecrets } from '../secrets/redact';

/**
 * The fleet search's own index of message bodies (FTS5, its own copy of the text, so it needs no stable
 * rowid in `messages`): new messages are indexed in batches (message-index.ts, since version 2), body updates
 * and deletions by triggers; after messaging's tables, before the redaction rewrite (whose body updates the
 * triggers follow). Deleted words leave the index at once (secure-delete).
 */
export const searchMigrations: DomainMigrations = {
  domain: 'search',
  migrations: [
    {
      version: 1,
      description: 'a full-text index of message bodies for the fleet search',
      sql: `CREATE VIRTUAL TABLE message_fts USING fts5(message_id UNINDEXED, body, prefix='2 3', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO message_fts(message_fts, rank) VALUES ('secure-delete', 1);
        CREATE TRIGGER message_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO message_fts(message_id, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON messages BEGIN
          DELETE FROM message_fts WHERE message_id = old.id;
          INSERT INTO message_fts(message_id, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER message_fts_delete AFTER DELETE ON messages BEGIN
          DELETE FROM message_fts WHERE message_id = old.id;
        END;`,
      // Messages already stored are indexed redacted (a database from before redaction covered messages
      // is rewritten later; its secrets must not reach the index in between).
      rewrite: (db) => {
        const insert = db.prepare('INSERT INTO message_fts(message_id, body) VALUES (?, ?)');
        for (const row of db.prepare<[], { id: string; body: string }>('SELECT id, body FROM messages').all())
          insert.run(row.id, redactSecrets(row.body));
      },
    },
    {
      version: 2,
      description:
        'message bodies indexed in batches (message-index.ts), not by a trigger in every send: a mark of the last one indexed',
      // The mark is the last message indexed: its rowid and its id (a rowid that no longer names that id means
      // rowids moved, and the index is rebuilt). Deleting a message moves the mark down to the last indexed
      // message still there, so a rowid given again is indexed. A body rewritten (the redaction migration)
      // first indexes what is waiting, then replaces its own row.
      sql: `CREATE TABLE message_fts_state (
          only_row INTEGER PRIMARY KEY CHECK (only_row = 1), indexed_upto INTEGER NOT NULL, indexed_id TEXT);
        INSERT INTO message_fts_state (only_row, indexed_upto, indexed_id)
          SELECT 1, coalesce(max(rowid), 0), (SELECT id FROM messages ORDER BY rowid DESC LIMIT 1) FROM messages;
        DROP TRIGGER message_fts_insert;
        DROP TRIGGER message_fts_update;
        DROP TRIGGER message_fts_delete;
        CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON messages BEGIN
          INSERT INTO message_fts(message_id, body)
            SELECT id, body FROM messages WHERE rowid > (SELECT indexed_upto FROM message_fts_state) ORDER BY rowid;
          UPDATE message_fts_state SET indexed_upto = (SELECT coalesce(max(rowid), 0) FROM messages),
            indexed_id = (SELECT id FROM messages ORDER BY rowid DESC LIMIT 1);
          DELETE FROM message_fts WHERE message_id = old.id;
          INSERT INTO message_fts(message_id, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER message_fts_delete AFTER DELETE ON messages BEGIN
          DELETE FROM message_fts WHERE message_id = old.id;
          UPDATE message_fts_state
            SET indexed_upto = (SELECT coalesce(max(rowid), 0) FROM messages WHERE rowid <= indexed_upto),
              indexed_id = (SELECT id FROM messages WHERE rowid <= indexed_upto ORDER BY rowid DESC LIMIT 1);
        END;`,
    },
    {
      version: 3,
      description:
        "each message's index row has the message's rowid: a deleted message's row is found by rowid (retention deletes messages; by the unindexed message_id every delete read the whole index: 21 ms a message at 100,000)",
      // The message_id check keeps a row of another message (rowids moved, before the start-up rebuild) in place;
      // OR REPLACE: a rowid given again replaces such a stale row.
      sql: `DROP TRIGGER message_fts_update;
        DROP TRIGGER message_fts_delete;
        DELETE FROM message_fts;
        INSERT INTO message_fts(rowid, message_id, body)
          SELECT rowid, id, body FROM messages WHERE rowid <= (SELECT indexed_upto FROM message_fts_state) ORDER BY rowid;
        CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON messages BEGIN
          INSERT OR REPLACE INTO message_fts(rowid, message_id, body)
            SELECT rowid, id, body FROM messages WHERE rowid > (SELECT indexed_upto FROM message_fts_state) ORDER BY rowid;
          UPDATE message_fts_state SET indexed_upto = (SELECT coalesce(max(rowid), 0) FROM messages),
            indexed_id = (SELECT id FROM messages ORDER BY rowid DESC LIMIT 1);
          DELETE FROM message_fts WHERE rowid = old.rowid AND message_id = old.id;
          INSERT OR REPLACE INTO message_fts(rowid, message_id, body) VALUES (new.rowid, new.id, new.body);
        END;
        CREATE TRIGGER message_fts_delete AFTER DELETE ON messages BEGIN
          DELETE FROM message_fts WHERE rowid = old.rowid AND message_id = old.id;
          UPDATE message_fts_state
            SET indexed_upto = (SELECT coalesce(max(rowid), 0) FROM messages WHERE rowid <= indexed_upto),
              indexed_id = (SELECT id FROM messages WHERE rowid <= indexed_upto ORDER BY rowid DESC LIMIT 1);
        END;`,
    },
  ],
};
