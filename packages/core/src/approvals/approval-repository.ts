import type { Approval, ApprovalKind, ApprovalStatus, TimelineKind } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { traceIdOf } from '../ports/tracer';
import { limitClause } from '../store/sql-limit';

/**
 * Where an agent's approval items asked and decided (times kept as ISO text, turned to ms by SQLite) are on the replay timeline (recordings' `timelineOf` runs them as one UNION): each SELECT gives
 * `at` (ms), `agentId` and `summary` for the agents in the JSON array `@agents`; `@from`/`@to` (ms) bound them.
 */
export const APPROVAL_TIMELINE: readonly { kind: TimelineKind; sql: string }[] = [
  {
    kind: 'approval.asked',
    sql: `SELECT CAST(unixepoch(created_at, 'subsec') * 1000 AS INTEGER) AS at, requester AS agentId, kind || ': ' || summary AS summary
          FROM approvals WHERE requester IN (SELECT value FROM json_each(@agents))`,
  },
  {
    kind: 'approval.decided',
    sql: `SELECT CAST(unixepoch(decided_at, 'subsec') * 1000 AS INTEGER) AS at, requester AS agentId,
            status || coalesce(' (' || json_extract(decision, '$.choice') || ')', '') || ': ' || summary
              || coalesce(' · "' || json_extract(decision, '$.comment') || '"', '')
              || coalesce(' · ' || nullif(withdrawn_reason, ''), '') AS summary
          FROM approvals WHERE decided_at IS NOT NULL AND requester IN (SELECT value FROM json_each(@agents))`,
  },
];

interface ApprovalRow {
  id: string;
  kind: string;
  requester: string;
  summary: string;
  payload: string;
  choices: string;
  status: string;
  created_at: string;
  expires_at: string | null;
  expires_ms: number | null;
  on_expiry: string;
  decision: string | null;
  decided_at: string | null;
  traceparent: string | null;
  answer: string | null;
  withdrawn_reason: string | null;
}

/** The stored answer (the `prompt.answered` outcome, or its audit entry's details): what the contract carries of it. */
function answerOf(stored: string): NonNullable<Approval['answer']> {
  const { confirmed, error, keys } = JSON.parse(stored) as Partial<NonNullable<Approval['answer']>>;
  return { confirmed: confirmed === true, error: error ?? null, keys: Array.isArray(keys) ? keys : [] };
}

const toApproval = (row: ApprovalRow): Approval => ({
  id: row.id,
  kind: row.kind as ApprovalKind,
  requester: row.requester,
  summary: row.summary,
  payload: JSON.parse(row.payload) as Approval['payload'],
  choices: JSON.parse(row.choices) as string[],
  status: row.status as ApprovalStatus,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  onExpiry: row.on_expiry as Approval['onExpiry'],
  decision: row.decision === null ? null : (JSON.parse(row.decision) as Approval['decision']),
  ...(row.status === 'pending' || row.decided_at === null ? {} : { closedAt: row.decided_at }),
  ...(row.traceparent === null ? {} : { traceId: traceIdOf(row.traceparent) ?? null }),
  ...(row.answer === null ? {} : { answer: answerOf(row.answer) }),
  ...(row.withdrawn_reason ? { withdrawnReason: row.withdrawn_reason } : {}),
});

/** SQL for the approval queue; no rules here. */
export class ApprovalRepository {
  private readonly prepared: Store['prepare'];

  constructor(private readonly store: Store) {
    this.prepared = store.prepare;
  }

  insert(approval: Approval, traceparent: string | null = null): void {
    this.prepared(
      `INSERT INTO approvals (id, kind, requester, summary, payload, choices, status, created_at, expires_at, expires_ms, on_expiry, decision, decided_at, traceparent)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
    ).run(
      approval.id,
      approval.kind,
      approval.requester,
      approval.summary,
      JSON.stringify(approval.payload),
      JSON.stringify(approval.choices),
      approval.status,
      approval.createdAt,
      approval.expiresAt,
      approval.expiresAt === null ? null : Date.parse(approval.expiresAt),
      approval.onExpiry,
      traceparent,
    );
  }

  /** Records a decision on a pending item; false if it was no longer pending. */
  settle(approval: Approval): boolean {
    const result = this.prepared(
      "UPDATE approvals SET status = ?, decision = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
    ).run(
      approval.status,
      JSON.stringify(approval.decision),
      approval.decision?.decidedAt ?? null,
      approval.id,
    );
    return result.changes === 1;
  }

  /** Keeps how a decided prompt was answered in the pane. */
  recordAnswer(id: string, answer: NonNullable<Approval['answer']>): void {
    this.prepared('UPDATE approvals SET answer = ? WHERE id = ?').run(JSON.stringify(answer), id);
  }

  /**
   * Decided prompt items whose answer was never kept (the host stopped while it was under way, or it was decided
   * before answers were kept).
   */
  unansweredPrompts(): string[] {
    return this.prepared<[], { id: string }>(
      `SELECT id FROM approvals WHERE answer IS NULL AND kind = 'permission' AND status IN ('approved', 'denied')
        AND json_extract(payload, '$.source') IN ('screen', 'hook') AND json_extract(payload, '$.fingerprint') IS NOT NULL`,
    )
      .all()
      .map((row) => row.id);
  }

  /** Keeps answers as stored elsewhere (an audit entry's details: the same JSON), by item id, in one statement. */
  keepStoredAnswers(answers: ReadonlyMap<string, string>): void {
    this.keepByItem('answer', answers);
  }

  /** Marks a pending item withdrawn (no decision), with why; false if it was no longer pending. */
  withdraw(id: string, at: string, reason: string): boolean {
    return (
      this.prepared(
        "UPDATE approvals SET status = 'withdrawn', decided_at = ?, withdrawn_reason = ? WHERE id = ? AND status = 'pending'",
      ).run(at, reason, id).changes === 1
    );
  }

  /** Withdrawn items stored without their reason (withdrawn before reasons were kept with the item). */
  withdrawnWithoutReason(): string[] {
    return this.prepared<[], { id: string }>(
      "SELECT id FROM approvals WHERE status = 'withdrawn' AND withdrawn_reason IS NULL",
    )
      .all()
      .map((row) => row.id);
  }

  /** Keeps withdrawal reasons found elsewhere (the audit log), by item id, in one statement. */
  keepWithdrawnReasons(reasons: ReadonlyMap<string, string>): void {
    this.keepByItem('withdrawn_reason', reasons);
  }

  /** Sets one column of many items, a value per item id, in one statement. */
  private keepByItem(column: 'answer' | 'withdrawn_reason', values: ReadonlyMap<string, string>): void {
    this.prepared<[string]>(
      `UPDATE approvals SET ${column} = kept.value FROM json_each(?) AS kept WHERE approvals.id = kept.key`,
    ).run(JSON.stringify(Object.fromEntries(values)));
  }

  /**
   * Pending items, oldest first: every one, or those that name this agent, as requester or as a recipient of a
   * handoff (SQLite picks them: the rest are never parsed; 5,000 items parsed took ~40 ms per agent closed).
   */
  pending(agentId?: string): Approval[] {
    if (agentId === undefined)
      return this.prepared<[], ApprovalRow>(
        "SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at, rowid",
      )
        .all()
        .map(toApproval);
    return this.prepared<[string, string], ApprovalRow>(
      `SELECT * FROM approvals WHERE status = 'pending' AND (requester = ? OR (kind = 'handoff'
        AND EXISTS (SELECT 1 FROM json_each(payload, '$.recipients') WHERE value = ?))) ORDER BY created_at, rowid`,
    )
      .all(agentId, agentId)
      .map(toApproval);
  }

  find(id: string): Approval | undefined {
    const row = this.prepared<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?').get(id);
    return row ? toApproval(row) : undefined;
  }

  list(filter: {
    status: ApprovalStatus;
    kind?: ApprovalKind | undefined;
    requester?: string | undefined;
    limit: number;
  }): Approval[] {
    const where = ['status = ?'];
    const args: unknown[] = [filter.status];
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    if (filter.requester) {
      where.push('requester = ?');
      args.push(filter.requester);
    }
    return this.prepared<unknown[], ApprovalRow>(
      `SELECT * FROM approvals WHERE ${where.join(' AND ')} ORDER BY created_at, rowid${limitClause(filter.limit)}`,
    )
      .all(...args)
      .map(toApproval);
  }

  history(filter: {
    kind?: ApprovalKind | undefined;
    before?: string | undefined;
    limit: number;
  }): Approval[] {
    const where = ["status != 'pending'"];
    const args: unknown[] = [];
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    if (filter.before) {
      where.push('decided_at < ?');
      args.push(filter.before);
    }
    return this.prepared<unknown[], ApprovalRow>(
      `SELECT * FROM approvals WHERE ${where.join(' AND ')} ORDER BY decided_at DESC, rowid DESC${limitClause(filter.limit)}`,
    )
      .all(...args)
      .map(toApproval);
  }

  /** How many items of this requester wait for a decision (the status index narrows it to the pending ones). */
  pendingOf(requester: string): number {
    return (
      this.prepared<[string], { n: number }>(
        "SELECT count(*) AS n FROM approvals WHERE status = 'pending' AND requester = ?",
      ).get(requester)?.n ?? 0
    );
  }

  /** The newest item of this requester that waits for a decision, if any. */
  newestPendingOf(requester: string): { id: string; kind: string; summary: string } | undefined {
    return this.prepared<[string], { id: string; kind: string; summary: string }>(
      "SELECT id, kind, summary FROM approvals WHERE requester = ? AND status = 'pending' ORDER BY created_at DESC, rowid DESC LIMIT 1",
    ).get(requester);
  }

  /** The items waiting for a decision, counted by kind (kinds with none absent). */
  pendingByKind(): { kind: string; value: number }[] {
    return this.prepared<[], { kind: string; value: number }>(
      "SELECT kind, count(*) AS value FROM approvals WHERE status = 'pending' GROUP BY kind",
    ).all();
  }

  /** The traceparent of the call that raised this item, if one was kept. */
  traceparentOf(id: string): string | undefined {
    return (
      this.prepared<[string], { traceparent: string | null }>(
        'SELECT traceparent FROM approvals WHERE id = ?',
      ).get(id)?.traceparent ?? undefined
    );
  }

  pendingWithExpiry(): { id: string; expiresMs: number }[] {
    return this.prepared<[], { id: string; expires_ms: number }>(
      "SELECT id, expires_ms FROM approvals WHERE status = 'pending' AND expires_ms IS NOT NULL",
    )
      .all()
      .map((row) => ({ id: row.id, expiresMs: row.expires_ms }));
  }
}
