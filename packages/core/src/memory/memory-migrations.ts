import type { DomainMigrations } from '../store/store';

export const memoryMigrations: DomainMigrations = {
  domain: 'memory',
  migrations: [
    {
      version: 1,
      description: 'shared memory entries, indexed for full-text search (FTS5, kept in step by triggers)',
      sql: `CREATE TABLE memory_entries (
        id INTEGER PRIMARY KEY, namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, kind TEXT NOT NULL, tags TEXT NOT NULL,
        author TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_ms INTEGER NOT NULL,
        expires_at TEXT, expires_ms INTEGER, UNIQUE (namespace, key));
        CREATE INDEX memory_recent ON memory_entries(updated_ms);
        CREATE INDEX memory_expiry ON memory_entries(expires_ms) WHERE expires_ms IS NOT NULL;
        CREATE VIRTUAL TABLE memory_fts USING fts5(key, value, tags, content='memory_entries', content_rowid='id', prefix='2 3',
          tokenize='unicode61 remove_diacritics 2');
        INSERT INTO memory_fts(memory_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
        CREATE TRIGGER memory_fts_insert AFTER INSERT ON memory_entries BEGIN
          INSERT INTO memory_fts(rowid, key, value, tags) VALUES (new.id, new.key, new.value, new.tags);
        END;
        CREATE TRIGGER memory_fts_delete AFTER DELETE ON memory_entries BEGIN
          INSERT INTO memory_fts(memory_fts, rowid, key, value, tags) VALUES ('delete', old.id, old.key, old.value, old.tags);
        END;
        CREATE TRIGGER memory_fts_update AFTER UPDATE ON memory_entries BEGIN
          INSERT INTO memory_fts(memory_fts, rowid, key, value, tags) VALUES ('delete', old.id, old.key, old.value, old.tags);
          INSERT INTO memory_fts(rowid, key, value, tags) VALUES (new.id, new.key, new.value, new.tags);
        END;`,
    },
    {
      version: 2,
      description:
        "the search index forgets a deleted or replaced entry's words at once (FTS5 secure-delete)",
      sql: `INSERT INTO memory_fts(memory_fts, rank) VALUES ('secure-delete', 1);`,
    },
    {
      version: 3,
      description:
        "the search index holds each entry's namespace as one token (column scope, memory-scope.ts): an agent's search asks FTS5 for its own namespaces' matches only",
      sql: `ALTER TABLE memory_entries ADD COLUMN scope TEXT GENERATED ALWAYS AS (char(57344) || hex(namespace)) VIRTUAL;
        DROP TRIGGER memory_fts_insert;
        DROP TRIGGER memory_fts_delete;
        DROP TRIGGER memory_fts_update;
        DROP TABLE memory_fts;
        CREATE VIRTUAL TABLE memory_fts USING fts5(key, value, tags, scope, content='memory_entries', content_rowid='id', prefix='2 3',
          tokenize='unicode61 remove_diacritics 2');
        INSERT INTO memory_fts(memory_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0, 0.0)');
        INSERT INTO memory_fts(memory_fts, rank) VALUES ('secure-delete', 1);
        INSERT INTO memory_fts(memory_fts) VALUES ('rebuild');
        CREATE TRIGGER memory_fts_insert AFTER INSERT ON memory_entries BEGIN
          INSERT INTO memory_fts(rowid, key, value, tags, scope) VALUES (new.id, new.key, new.value, new.tags, new.scope);
        END;
        CREATE TRIGGER memory_fts_delete AFTER DELETE ON memory_entries BEGIN
          INSERT INTO memory_fts(memory_fts, rowid, key, value, tags, scope) VALUES ('delete', old.id, old.key, old.value, old.tags, old.scope);
        END;
        CREATE TRIGGER memory_fts_update AFTER UPDATE ON memory_entries BEGIN
          INSERT INTO memory_fts(memory_fts, rowid, key, value, tags, scope) VALUES ('delete', old.id, old.key, old.value, old.tags, old.scope);
          INSERT INTO memory_fts(rowid, key, value, tags, scope) VALUES (new.id, new.key, new.value, new.tags, new.scope);
        END;`,
    },
    {
      version: 4,
      description:
        "each author's stored bytes (key, value, tags) in memory_usage, kept in step by triggers in the write's own transaction: the per-author quota reads one row",
      sql: `ALTER TABLE memory_entries ADD COLUMN bytes INTEGER GENERATED ALWAYS AS (length(CAST(key AS BLOB)) + length(CAST(value AS BLOB)) + length(CAST(tags AS BLOB))) VIRTUAL;
        CREATE TABLE memory_usage (author TEXT PRIMARY KEY, bytes INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO memory_usage (author, bytes) SELECT author, sum(bytes) FROM memory_entries GROUP BY author;
        CREATE TRIGGER memory_usage_insert AFTER INSERT ON memory_entries BEGIN
          INSERT INTO memory_usage (author, bytes) VALUES (new.author, new.bytes) ON CONFLICT (author) DO UPDATE SET bytes = bytes + excluded.bytes;
        END;
        CREATE TRIGGER memory_usage_delete AFTER DELETE ON memory_entries BEGIN
          UPDATE memory_usage SET bytes = bytes - old.bytes WHERE author = old.author;
        END;
        CREATE TRIGGER memory_usage_update AFTER UPDATE ON memory_entries BEGIN
          UPDATE memory_usage SET bytes = bytes - old.bytes WHERE author = old.author;
          INSERT INTO memory_usage (author, bytes) VALUES (new.author, new.bytes) ON CONFLICT (author) DO UPDATE SET bytes = bytes + excluded.bytes;
        END;`,
    },
  ],
};
