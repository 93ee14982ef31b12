import type { AuditProblem, AuditVerification } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { GENESIS_HASH, entryHash, type HashedFields } from './audit-hash';
import { readAnchor, PRUNED_ACTION, type AuditAnchor } from './audit-anchor';
import type { AuditRow } from './audit-log';

/** The hashed fields of a stored row. */
export const fieldsOf = (row: AuditRow): HashedFields => ({
  at: row.at,
  actorKind: row.actor_kind,
  actorId: row.actor_id,
  action: row.action,
  target: row.target,
  outcome: row.outcome,
  details: row.details,
});

/** What the newest retention record in the kept chain says the anchor is (undefined: there is none). */
function recordedAnchor(
  rows: readonly AuditRow[],
): { throughSequence: unknown; anchorHash: unknown } | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.action !== PRUNED_ACTION) continue;
    const details = JSON.parse(row.details) as { throughSequence?: unknown; anchorHash?: unknown } | null;
    return { throughSequence: details?.throughSequence, anchorHash: details?.anchorHash };
  }
  return undefined;
}

/** An anchor no retention record vouches for: entries were cut off the start and the anchor moved by hand. */
function anchorProblem(anchor: AuditAnchor, rows: readonly AuditRow[]): string | undefined {
  const recorded = recordedAnchor(rows);
  if (!recorded) return `the anchor at entry ${anchor.sequence} has no retention record in the chain`;
  if (recorded.throughSequence !== anchor.sequence || recorded.anchorHash !== anchor.hash)
    return `the anchor at entry ${anchor.sequence} is not where retention last left it (entry ${String(recorded.throughSequence)})`;
  return undefined;
}

/**
 * Walks the chain from its start: the genesis hash, or the anchor retention left when it pruned the
 * oldest entries. An entry whose own hash does not match its content was edited; a broken link after a gap
 * in the sequence means entries were removed; a broken link pointing at another entry's hash means entries
 * were swapped. The head row catches entries cut off the end; the newest retention entry (`audit.pruned`,
 * on the chain itself) must name the anchor, so entries cut off the start with the anchor moved are caught.
 */
export function verifyChain(store: Store): AuditVerification {
  const anchor = readAnchor(store);
  const rows = store
    .prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE sequence > ? ORDER BY sequence')
    .all(anchor?.sequence ?? 0);
  const hashes = new Set(rows.map((r) => r.hash));
  let expectedPrevious = anchor?.hash ?? GENESIS_HASH;
  let lastSequence = anchor?.sequence ?? 0;
  let checked = 0;
  const pruned = anchor && {
    fromSequence: anchor.sequence + 1,
    prunedAt: anchor.prunedAt,
    message: `verified from entry ${anchor.sequence + 1} (entries before it were pruned by retention on ${anchor.prunedAt})`,
  };
  const bad = (sequence: number, problem: AuditProblem, message: string): AuditVerification => ({
    ok: false,
    checked,
    firstBad: { sequence, problem, message },
    ...(pruned ? { pruned } : {}),
  });
  for (const row of rows) {
    if (entryHash(row.previous_hash, fieldsOf(row)) !== row.hash)
      return bad(row.sequence, 'edited', `entry ${row.sequence} does not match its hash`);
    if (row.previous_hash !== expectedPrevious) {
      if (row.sequence > lastSequence + 1)
        return bad(
          lastSequence + 1,
          'removed',
          `entries ${lastSequence + 1}..${row.sequence - 1} are missing`,
        );
      if (hashes.has(row.previous_hash))
        return bad(
          row.sequence,
          'reordered',
          `entry ${row.sequence} follows another entry than the one before it`,
        );
      return bad(
        lastSequence,
        'edited',
        `entry ${lastSequence} was rewritten (entry ${row.sequence} no longer links to it)`,
      );
    }
    expectedPrevious = row.hash;
    lastSequence = row.sequence;
    checked++;
  }
  const head = store
    .prepare<[], { sequence: number; hash: string }>('SELECT sequence, hash FROM audit_head WHERE id = 1')
    .get();
  if (head && head.sequence > lastSequence)
    return bad(
      lastSequence + 1,
      'removed',
      `entries ${lastSequence + 1}..${head.sequence} are missing from the end`,
    );
  if (head && head.hash !== expectedPrevious)
    return bad(lastSequence, 'edited', `entry ${lastSequence} differs from the recorded head`);
  if (!head && rows.length > 0) return bad(1, 'edited', 'the chain head record is missing');
  const moved = anchor && anchorProblem(anchor, rows);
  if (moved) return bad(anchor.sequence, 'removed', moved);
  return { ok: true, checked, firstBad: null, ...(pruned ? { pruned } : {}) };
}
