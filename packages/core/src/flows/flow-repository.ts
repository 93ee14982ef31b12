import { FLOW_EVENTS_KEPT, FLOW_FIRINGS_KEPT, humanCaller } from '@switchboard/protocol';
import type { Flow, FlowFiring, SwitchboardEvent } from '@switchboard/protocol';
import { statementCache } from '../store/statement-cache';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';

/** A flow as stored: everything but its firings (those have their own table). */
export type StoredFlow = Omit<Flow, 'lastFirings'>;

/** SQL for flows, their firings and the replay history. */
export class FlowRepository {
  private readonly prepared: ReturnType<typeof statementCache>;

  constructor(private readonly store: Store) {
    this.prepared = statementCache(store.db);
  }

  find(ref: string): StoredFlow | undefined {
    const row = this.prepared<[string, string], { doc: string }>(
      'SELECT doc FROM flows WHERE id = ? OR name = ?',
    ).get(ref, ref);
    return row ? (JSON.parse(row.doc) as StoredFlow) : undefined;
  }

  /** Oldest first. */
  all(): StoredFlow[] {
    return this.prepared<[], { doc: string }>('SELECT doc FROM flows ORDER BY created_at, rowid')
      .all()
      .map((row) => JSON.parse(row.doc) as StoredFlow);
  }

  count(): number {
    return this.prepared<[], { n: number }>('SELECT count(*) AS n FROM flows').get()?.n ?? 0;
  }

  /** Flows made by agents (every owner but the person). */
  countOfAgents(): number {
    return this.prepared<[string], { n: number }>('SELECT count(*) AS n FROM flows WHERE owner_id <> ?').get(
      humanCaller.id,
    )!.n;
  }

  countOwnedBy(owner: string): number {
    return this.prepared<[string], { n: number }>('SELECT count(*) AS n FROM flows WHERE owner_id = ?').get(
      owner,
    )!.n;
  }

  save(flow: StoredFlow): void {
    this.prepared(
      `INSERT INTO flows (id, name, owner_id, created_at, doc) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, doc = excluded.doc`,
    ).run(flow.id, flow.name, flow.ownerId, flow.createdAt, JSON.stringify(flow));
  }

  remove(id: string): void {
    this.prepared('DELETE FROM flow_firings WHERE flow_id = ?').run(id);
    this.prepared('DELETE FROM flows WHERE id = ?').run(id);
  }

  /** Records a firing and drops that flow's firings beyond the newest 50. */
  addFiring(firing: FlowFiring): void {
    this.prepared('INSERT INTO flow_firings (id, flow_id, at_ms, outcome, doc) VALUES (?, ?, ?, ?, ?)').run(
      firing.id,
      firing.flowId,
      Date.parse(firing.at),
      firing.outcome,
      JSON.stringify(firing),
    );
    this.prepared(
      `DELETE FROM flow_firings WHERE flow_id = ? AND rowid NOT IN
      (SELECT rowid FROM flow_firings WHERE flow_id = ? ORDER BY at_ms DESC, rowid DESC LIMIT ${FLOW_FIRINGS_KEPT})`,
    ).run(firing.flowId, firing.flowId);
  }

  /** A firing's final record (its actions' results). */
  updateFiring(firing: FlowFiring): void {
    this.prepared('UPDATE flow_firings SET doc = ? WHERE id = ?').run(JSON.stringify(firing), firing.id);
  }

  /** Newest first. */
  firings(flowId: string, limit = FLOW_FIRINGS_KEPT): FlowFiring[] {
    return this.prepared<[string], { doc: string }>(
      `SELECT doc FROM flow_firings WHERE flow_id = ? ORDER BY at_ms DESC, rowid DESC${limitClause(limit)}`,
    )
      .all(flowId)
      .map((row) => JSON.parse(row.doc) as FlowFiring);
  }

  /** Firings that ran (not suppressed ones) since `sinceMs`: the rate limit's count, which a restart keeps. */
  firedSince(flowId: string, sinceMs: number): number {
    return (
      this.prepared<[string, number], { n: number }>(
        "SELECT count(*) AS n FROM flow_firings WHERE flow_id = ? AND outcome = 'fired' AND at_ms > ?",
      ).get(flowId, sinceMs)?.n ?? 0
    );
  }

  /** Appends events to the replay history (one transaction) and keeps the newest 2000. */
  recordEvents(events: readonly SwitchboardEvent[]): void {
    if (events.length === 0) return;
    this.store.transaction(() => {
      for (const event of events)
        this.prepared('INSERT INTO flow_events (doc) VALUES (?)').run(JSON.stringify(event));
      this.prepared(
        `DELETE FROM flow_events WHERE id <= (SELECT id FROM flow_events ORDER BY id DESC LIMIT 1 OFFSET ${FLOW_EVENTS_KEPT})`,
      ).run();
    });
  }

  /** The newest `limit` recorded events, oldest first. */
  recentEvents(limit: number): SwitchboardEvent[] {
    return this.prepared<[], { doc: string }>(
      `SELECT doc FROM (SELECT id, doc FROM flow_events ORDER BY id DESC${limitClause(limit)}) ORDER BY id`,
    )
      .all()
      .map((row) => JSON.parse(row.doc) as SwitchboardEvent);
  }
}
