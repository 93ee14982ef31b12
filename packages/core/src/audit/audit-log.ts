import type { AuditActor, AuditEntry, AuditOutcome, AuditVerification } from '@switchboard/protocol';
import { isoTime, type Clock } from '../ports/clock';
import { redactDeep } from '../secrets/redact';
import type { Store } from '../store/store';
import { GENESIS_HASH, entryHash, hashedValues, type HashedFields } from './audit-hash';
import { verifyChain, verifyChainYielding } from './audit-verify';
import { limitClause } from '../store/sql-limit';

/** What a domain records; the log adds time, sequence and hashes. */
export interface AuditRecord {
  actor: AuditActor;
  action: string;
  target?: string | null;
  outcome?: AuditOutcome;
  details?: unknown;
}

/** A row of `audit_log` as SQLite gives it. */
export interface AuditRow {
  sequence: number;
  at: string;
  actor_kind: string;
  actor_id: string;
  action: string;
  target: string | null;
  outcome: string;
  details: string;
  previous_hash: string;
  hash: string;
}

/** Details beyond this many characters are cut (the entry says so); the log is for facts, not payloads. */
const MAX_DETAILS = 16_384;

/** An `audit_log` row as the contract's entry. */
export const toEntry = (row: AuditRow): AuditEntry => ({
  sequence: row.sequence,
  at: row.at,
  actor: { kind: row.actor_kind as AuditActor['kind'], id: row.actor_id },
  action: row.action,
  target: row.target,
  outcome: row.outcome as AuditOutcome,
  details: JSON.parse(row.details) as unknown,
  previousHash: row.previous_hash,
  hash: row.hash,
});

/**
 * The append-only audit chain. Appends run inside the caller's transaction when there is one, so a
 * decision and its audit entry are durable together or not at all. Details are redacted first.
 */
export class AuditLog {
  private readonly prepared: Store['prepare'];
  /**
   * The chain's head as this log last wrote or read it (undefined: read it from the table). Every call
   * through the dispatcher appends, and the head is one row only this log writes; a rollback of the
   * transaction that wrote it forgets it, so the next append reads what was committed.
   */
  private knownHead: { sequence: number; hash: string } | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.prepared = store.prepare;
  }

  /**
   * Appends an entry (redacted, hashed onto the chain) in the caller's transaction, or in its own. The
   * append is one INSERT (the head row follows it by trigger, in the same statement), so inside a
   * transaction it needs no savepoint of its own: the statement is written whole or not at all.
   */
  append(record: AuditRecord): void {
    if (!this.store.db.inTransaction) {
      this.store.transaction(() => this.insert(record));
      return;
    }
    this.insert(record);
  }

  private insert(record: AuditRecord): void {
    const head = this.head();
    let details = JSON.stringify(redactDeep(record.details ?? null)) ?? 'null';
    if (details.length > MAX_DETAILS)
      details = JSON.stringify({ truncated: true, preview: details.slice(0, MAX_DETAILS) });
    const sequence = head.sequence + 1;
    const fields: HashedFields = {
      at: isoTime(this.clock),
      actorKind: record.actor.kind,
      actorId: record.actor.id,
      action: record.action,
      target: record.target ?? null,
      outcome: record.outcome ?? 'ok',
      details,
    };
    const hash = entryHash(head.hash, fields);
    this.prepared(
      `INSERT INTO audit_log (sequence, at, actor_kind, actor_id, action, target, outcome, details, previous_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(sequence, ...hashedValues(fields), head.hash, hash);
    this.knownHead = { sequence, hash };
    this.store.afterCommit((committed) => {
      if (!committed) this.knownHead = undefined;
    });
  }

  /** A page of entries: in chain order after `afterSequence`, or newest first; `beforeSequence` bounds it above. */
  list(
    options: {
      afterSequence?: number;
      beforeSequence?: number;
      newestFirst?: boolean;
      action?: string;
      limit?: number;
    } = {},
  ): AuditEntry[] {
    const rows = this.prepared<unknown[], AuditRow>(
      `SELECT * FROM audit_log WHERE sequence > ? AND sequence < ? ${options.action ? 'AND action = ?' : ''}
        ORDER BY sequence ${options.newestFirst ? 'DESC' : 'ASC'}${limitClause(options.limit ?? 200)}`,
    ).all(
      options.afterSequence ?? 0,
      options.beforeSequence ?? Number.MAX_SAFE_INTEGER,
      ...(options.action ? [options.action] : []),
    );
    return rows.map(toEntry);
  }

  /**
   * The entries in [fromMs, toMs] (times are ISO text in the log, compared as such), oldest first, at most `limit`;
   * with `agentIds`, only those an agent of them did or that target one (a fleet bundle's audit file).
   */
  between(
    fromMs: number,
    toMs: number,
    agentIds: readonly string[] | undefined,
    limit: number,
  ): AuditEntry[] {
    return this.prepared<{ from: string; to: string; agents: string | null }, AuditRow>(
      `SELECT * FROM audit_log
       WHERE at BETWEEN @from AND @to AND (@agents IS NULL
         OR actor_id IN (SELECT value FROM json_each(@agents)) OR target IN (SELECT value FROM json_each(@agents)))
       ORDER BY sequence${limitClause(limit)}`,
    )
      .all({
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        agents: agentIds === undefined ? null : JSON.stringify(agentIds),
      })
      .map(toEntry);
  }

  /**
   * The details of the newest entry of these actions for each of these targets, by target (a target with none is
   * absent): one pass over the actions' entries, grouped, not one lookup per target (18 s at 10,000 targets).
   */
  latestDetails(actions: readonly string[], targets: readonly string[]): Map<string, string> {
    const rows = this.prepared<[string, string], { target: string; details: string }>(
      // SQLite's bare columns of max(): `details` is the newest entry's.
      `SELECT target, details, max(sequence) FROM audit_log WHERE action IN (SELECT value FROM json_each(?))
        AND target IN (SELECT value FROM json_each(?)) GROUP BY target`,
    ).all(JSON.stringify(actions), JSON.stringify(targets));
    return new Map(rows.map((row) => [row.target, row.details]));
  }

  /** Recomputes the chain from its start (genesis, or the anchor retention left): see verifyChain. */
  verify(): AuditVerification {
    return verifyChain(this.store);
  }

  /** The same, a page at a time with the event loop's turn between pages (`audit.verify`). */
  verifyInTurns(): Promise<AuditVerification> {
    return verifyChainYielding(this.store);
  }

  private head(): { sequence: number; hash: string } {
    return (this.knownHead ??= this.prepared<[], { sequence: number; hash: string }>(
      'SELECT sequence, hash FROM audit_head WHERE id = 1',
    ).get() ?? { sequence: 0, hash: GENESIS_HASH });
  }
}

/** The actor for what Switchboard does by itself: expiries, automatic decisions, lease clean-up. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ kind: 'system', id: 'switchboard' });
