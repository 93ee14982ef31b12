import type Database from 'better-sqlite3';

/** Swaps the stored entries at `sequence` and the one after it (their rows trade sequence numbers), as SQL would. */
export function swapEntries(db: Database.Database, sequence: number): void {
  db.transaction(() => {
    db.prepare('UPDATE audit_log SET sequence = -1 WHERE sequence = ?').run(sequence);
    db.prepare('UPDATE audit_log SET sequence = ? WHERE sequence = ?').run(sequence, sequence + 1);
    db.prepare('UPDATE audit_log SET sequence = ? WHERE sequence = -1').run(sequence + 1);
  })();
}
