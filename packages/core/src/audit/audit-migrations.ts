import type { DomainMigrations } from '../store/store';

export const auditMigrations: DomainMigrations = {
  domain: 'audit',
  migrations: [
    {
      version: 1,
      description: 'hash-chained audit log and its head',
      sql: `
        CREATE TABLE audit_log (
          sequence INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL,
          action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL, details TEXT NOT NULL,
          previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX audit_log_action ON audit_log(action, sequence);
        CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL, hash TEXT NOT NULL);`,
    },
    {
      version: 2,
      description: "the chain head follows every appended entry (a trigger, in the INSERT's own statement)",
      // An append is then one statement, atomic by itself: no savepoint around two, no second call (issue 21).
      sql: `
        CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
        BEGIN
          INSERT OR REPLACE INTO audit_head (id, sequence, hash) VALUES (1, NEW.sequence, NEW.hash);
        END;`,
    },
    {
      version: 3,
      description: 'the anchor the chain is verified from once retention pruned its oldest entries',
      // Written in the transaction that deletes them: the last pruned entry's sequence and hash.
      sql: `
        CREATE TABLE audit_anchor (
          id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL, hash TEXT NOT NULL, pruned_at TEXT NOT NULL);`,
    },
  ],
};
