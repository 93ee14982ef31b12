import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { DomainMigrations } from './store';

/**
 * New in-memory databases (the tests' and benches' stores: the host always has a file) start as a copy of one
 * database migrated once per set of migrations in this process. Applying the ~40 migrations to an empty schema
 * cost 60–160 ms of CPU per store (SQLite parses the whole schema again at each ALTER TABLE), and the Vitest lane
 * opens well over a thousand such stores. A copy holds exactly what migrating an empty database gives: every
 * table, index, trigger and FTS table, and the recorded versions. A data migration (`rewrite`, `update`) changes
 * rows already stored, so on the empty template it has nothing to do, as it would have had on each new database.
 */
const templates = new Map<string, Buffer>();

/** A new in-memory database with `domains` applied: `migrate` runs on the first of each set, later ones copy it. */
export function migratedMemoryDatabase(
  domains: readonly DomainMigrations[],
  prepare: (db: SqliteDatabase) => void,
  migrate: (db: SqliteDatabase) => void,
): SqliteDatabase {
  const key = fingerprint(domains);
  let image = templates.get(key);
  if (!image) {
    const template = new Database(':memory:');
    try {
      prepare(template);
      migrate(template);
      image = template.serialize();
    } finally {
      template.close();
    }
    templates.set(key, image);
  }
  // better-sqlite3 deserializes into memory of the new connection's own: the template stays as it was.
  return new Database(image);
}

/** Everything that decides a migrated schema: each domain's migrations, their SQL and their data steps' code. */
function fingerprint(domains: readonly DomainMigrations[]): string {
  const hash = createHash('sha256');
  for (const { domain, migrations } of domains) {
    hash.update(`\0domain\0${domain}`);
    for (const m of migrations)
      hash.update(
        `\0${m.version}\0${m.description}\0${m.sql ?? ''}\0${m.rewrite?.toString() ?? ''}\0${m.update?.toString() ?? ''}`,
      );
  }
  return hash.digest('hex');
}
