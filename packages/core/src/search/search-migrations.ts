import type { DomainMigrations } from '../store/store';
import { redactSecrets } from '../secrets/redact';

/**
 * The fleet search's own index of message bodies (FTS5, its own copy of the text, so it needs no stable
 * rowid in `messages`), kept in step by triggers; after messaging's tables, before the redaction rewrite
 * (whose body updates the triggers follow). Deleted words leave the index at once (secure-delete).
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
  ],
};
