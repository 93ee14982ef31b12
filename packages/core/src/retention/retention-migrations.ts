import type { DomainMigrations } from '../store/store';

/** The human's retention settings, the last sweep and the totals dropped: small JSON values by key. */
export const retentionMigrations: DomainMigrations = {
  domain: 'retention',
  migrations: [
    {
      version: 1,
      description: 'retention settings, the last sweep and rows dropped per kind',
      sql: `CREATE TABLE retention_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,
    },
  ],
};
