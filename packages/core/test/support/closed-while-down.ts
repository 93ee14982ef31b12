import Database from 'better-sqlite3';

/**
 * Marks an agent closed in a stopped host's database, as a close committed just before a crash would leave it:
 * stored, never announced (no `agent.closed`), so only the next start can act on it.
 */
export function closeWhileDown(databasePath: string, agentId: string): void {
  const db = new Database(databasePath);
  try {
    db.prepare('UPDATE agents SET closed_at = ? WHERE id = ?').run(new Date().toISOString(), agentId);
  } finally {
    db.close();
  }
}
