import type { Store } from '../store/store';

/** The action of the entry retention appends when it prunes the oldest entries (it names the new anchor). */
export const PRUNED_ACTION = 'audit.pruned';

/** Where the kept chain starts: the last pruned entry's sequence and hash, and when retention pruned it. */
export interface AuditAnchor {
  sequence: number;
  hash: string;
  prunedAt: string;
}

export function readAnchor(store: Store): AuditAnchor | undefined {
  const row = store
    .prepare<[], { sequence: number; hash: string; pruned_at: string }>(
      'SELECT sequence, hash, pruned_at FROM audit_anchor WHERE id = 1',
    )
    .get();
  return row && { sequence: row.sequence, hash: row.hash, prunedAt: row.pruned_at };
}

/** Moves the anchor (inside the transaction that deletes the entries up to it). */
export function writeAnchor(store: Store, anchor: AuditAnchor): void {
  store
    .prepare('INSERT OR REPLACE INTO audit_anchor (id, sequence, hash, pruned_at) VALUES (1, ?, ?, ?)')
    .run(anchor.sequence, anchor.hash, anchor.prunedAt);
}
