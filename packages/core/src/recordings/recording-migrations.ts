import type { DomainMigrations } from '../store/store';

/**
 * Recordings live in files beside the database (`recordings/<agent>/…jsonl.gz`: segments of gzip-member
 * chunks); SQLite holds their index (`recording_chunks`: file and byte offset), what the bounds dropped (`recording_drops`), and the lines that appeared
 * on screen, redacted, for the fleet search (`recording_lines`, FTS5 over it; dropped with their chunks).
 */
export const recordingMigrations: DomainMigrations = {
  domain: 'recording',
  migrations: [
    {
      version: 1,
      description:
        'recording chunks (files beside the database), drops, and the recorded lines indexed for search',
      sql: `CREATE TABLE recording_chunks (
          id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, file TEXT NOT NULL UNIQUE, started_ms INTEGER NOT NULL, ended_ms INTEGER NOT NULL,
          frames INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, stored_bytes INTEGER NOT NULL);
        CREATE INDEX recording_chunks_agent ON recording_chunks(agent_id, started_ms);
        CREATE INDEX recording_chunks_age ON recording_chunks(started_ms);
        CREATE TABLE recording_drops (agent_id TEXT PRIMARY KEY, dropped_until_ms INTEGER NOT NULL, dropped_bytes INTEGER NOT NULL);
        CREATE TABLE recording_lines (id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, at_ms INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE INDEX recording_lines_agent ON recording_lines(agent_id, at_ms);
        CREATE VIRTUAL TABLE recording_fts USING fts5(text, content='recording_lines', content_rowid='id', prefix='2 3',
          tokenize='unicode61 remove_diacritics 2');
        INSERT INTO recording_fts(recording_fts, rank) VALUES ('secure-delete', 1);
        CREATE TRIGGER recording_fts_insert AFTER INSERT ON recording_lines BEGIN
          INSERT INTO recording_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER recording_fts_delete AFTER DELETE ON recording_lines BEGIN
          INSERT INTO recording_fts(recording_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;`,
    },
    {
      version: 2,
      description:
        'the recorded-lines index without prefix indexes (every printed line is indexed: inserts must stay cheap)',
      sql: `DROP TABLE recording_fts;
        CREATE VIRTUAL TABLE recording_fts USING fts5(text, content='recording_lines', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO recording_fts(recording_fts, rank) VALUES ('secure-delete', 1);
        INSERT INTO recording_fts(recording_fts) VALUES ('rebuild');`,
    },
    {
      version: 3,
      description:
        'chunks appended to segment files: a chunk is a gzip member at a byte offset, a file holds many (older rows: offset 0, one file each)',
      sql: `CREATE TABLE recording_chunks_v3 (
          id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, file TEXT NOT NULL, byte_offset INTEGER NOT NULL, started_ms INTEGER NOT NULL,
          ended_ms INTEGER NOT NULL, frames INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, stored_bytes INTEGER NOT NULL, UNIQUE (file, byte_offset));
        INSERT INTO recording_chunks_v3 (id, agent_id, file, byte_offset, started_ms, ended_ms, frames, raw_bytes, stored_bytes)
          SELECT id, agent_id, file, 0, started_ms, ended_ms, frames, raw_bytes, stored_bytes FROM recording_chunks;
        DROP TABLE recording_chunks;
        ALTER TABLE recording_chunks_v3 RENAME TO recording_chunks;
        CREATE INDEX recording_chunks_agent ON recording_chunks(agent_id, started_ms);
        CREATE INDEX recording_chunks_age ON recording_chunks(started_ms);`,
    },
    {
      version: 4,
      description:
        'the recorded-lines index keeps no positions and no row sizes (detail=none, columnsize=0: cheaper inserts; ranks and snippets are made from the text)',
      sql: `DROP TABLE recording_fts;
        CREATE VIRTUAL TABLE recording_fts USING fts5(text, content='recording_lines', content_rowid='id', detail=none, columnsize=0,
          tokenize='unicode61 remove_diacritics 2');
        INSERT INTO recording_fts(recording_fts, rank) VALUES ('secure-delete', 1);
        INSERT INTO recording_fts(recording_fts) VALUES ('rebuild');`,
    },
    {
      version: 5,
      description:
        "an agent's lines of one index batch in one row, each line's time kept as its offset from the row's (null: all at the row's time)",
      sql: `ALTER TABLE recording_lines ADD COLUMN line_offsets TEXT;`,
    },
  ],
};
