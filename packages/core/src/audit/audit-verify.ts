import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditProblem, AuditVerification } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { GENESIS_HASH, entryHash, type HashedFields } from './audit-hash';
import { readAnchor, PRUNED_ACTION, type AuditAnchor } from './audit-anchor';
import type { AuditRow } from './audit-log';

/** Entries read and checked at a time (~10 ms of reading and hashing on a quiet machine), then the event loop gets a turn. */
const PAGE_ROWS = 1000;

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

type Recorded = { throughSequence: unknown; anchorHash: unknown };

/** What a retention record says the anchor is. */
function recordedAnchor(row: AuditRow): Recorded {
  const details = JSON.parse(row.details) as Partial<Recorded> | null;
  return { throughSequence: details?.throughSequence, anchorHash: details?.anchorHash };
}

/** An anchor no retention record vouches for: entries were cut off the start and the anchor moved by hand. */
function anchorProblem(anchor: AuditAnchor, recorded: Recorded | undefined): string | undefined {
  if (!recorded) return `the anchor at entry ${anchor.sequence} has no retention record in the chain`;
  if (recorded.throughSequence !== anchor.sequence || recorded.anchorHash !== anchor.hash)
    return `the anchor at entry ${anchor.sequence} is not where retention last left it (entry ${String(recorded.throughSequence)})`;
  return undefined;
}

const prunedNote = (anchor: AuditAnchor | undefined): AuditVerification['pruned'] =>
  anchor && {
    fromSequence: anchor.sequence + 1,
    prunedAt: anchor.prunedAt,
    message: `verified from entry ${anchor.sequence + 1} (entries before it were pruned by retention on ${anchor.prunedAt})`,
  };

/** The anchor, when retention pruned up to just before `row` while the walk was between pages. */
function prunedMeanwhile(store: Store, row: AuditRow): AuditAnchor | undefined {
  const anchor = readAnchor(store);
  return anchor && anchor.sequence === row.sequence - 1 && anchor.hash === row.previous_hash
    ? anchor
    : undefined;
}

/**
 * Walks the chain from its start: the genesis hash, or the anchor retention left when it pruned the oldest
 * entries. An entry whose own hash does not match its content was edited; a broken link after a gap in the
 * sequence means entries were removed; a broken link pointing at another entry's hash means entries were
 * swapped. The head row catches entries cut off the end; the newest retention entry (`audit.pruned`, on the
 * chain itself) must name the anchor, so entries cut off the start with the anchor moved are caught. Reads
 * a page at a time (keyset on the sequence) and yields after each, so memory stays one page whatever the
 * length of the chain; entries appended meanwhile are walked too, and a prune meanwhile moves the anchor
 * the end compares with.
 */
function* walk(store: Store): Generator<void, AuditVerification> {
  const startAnchor = readAnchor(store);
  let expectedPrevious = startAnchor?.hash ?? GENESIS_HASH;
  let lastSequence = startAnchor?.sequence ?? 0;
  let checked = 0;
  let recorded: Recorded | undefined;
  let pruned = prunedNote(startAnchor);
  const bad = (sequence: number, problem: AuditProblem, message: string): AuditVerification => ({
    ok: false,
    checked,
    firstBad: { sequence, problem, message },
    ...(pruned ? { pruned } : {}),
  });
  const page = store.prepare<[number], AuditRow>(
    `SELECT * FROM audit_log WHERE sequence > ? ORDER BY sequence${limitClause(PAGE_ROWS)}`,
  );
  for (;;) {
    const rows = page.all(lastSequence);
    for (const row of rows) {
      if (entryHash(row.previous_hash, fieldsOf(row)) !== row.hash)
        return bad(row.sequence, 'edited', `entry ${row.sequence} does not match its hash`);
      const movedPast = row.previous_hash !== expectedPrevious && prunedMeanwhile(store, row);
      if (movedPast) [expectedPrevious, lastSequence] = [movedPast.hash, movedPast.sequence];
      if (row.previous_hash !== expectedPrevious) {
        if (row.sequence > lastSequence + 1)
          return bad(
            lastSequence + 1,
            'removed',
            `entries ${lastSequence + 1}..${row.sequence - 1} are missing`,
          );
        if (store.prepare('SELECT 1 FROM audit_log WHERE hash = ?').get(row.previous_hash))
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
      if (row.action === PRUNED_ACTION) recorded = recordedAnchor(row);
      expectedPrevious = row.hash;
      lastSequence = row.sequence;
      checked++;
    }
    if (rows.length < PAGE_ROWS) break;
    yield;
  }
  const anchor = readAnchor(store);
  pruned = prunedNote(anchor);
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
  if (!head && checked > 0) return bad(1, 'edited', 'the chain head record is missing');
  const moved = anchor && anchorProblem(anchor, recorded);
  if (moved) return bad(anchor.sequence, 'removed', moved);
  return { ok: true, checked, firstBad: null, ...(pruned ? { pruned } : {}) };
}

/** The whole walk at once (tests, small chains). */
export function verifyChain(store: Store): AuditVerification {
  const walker = walk(store);
  for (;;) {
    const step = walker.next();
    if (step.done) return step.value;
  }
}

/** The walk with a turn of the event loop between pages: `audit.verify` on a long chain never stalls the host. */
export async function verifyChainYielding(store: Store): Promise<AuditVerification> {
  const walker = walk(store);
  for (;;) {
    const step = walker.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
