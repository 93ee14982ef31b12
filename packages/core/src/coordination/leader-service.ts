import { SwitchboardError } from '@switchboard/protocol';
import type { Caller, LeaderChange, Leadership, SwitchboardEvent } from '@switchboard/protocol';
import { assertRoomToHold, defaultHoldingLimits } from '../quotas/holding-limits';
import { statementCache } from '../store/statement-cache';
import { Deadlines, isGone, tell, type CoordinationDeps } from './coordination-kit';

/** A group as stored: its leadership plus the lease length each candidate asked for. */
interface GroupRecord extends Leadership {
  ttls: Record<string, number>;
}

const publicView = ({ ttls: _ttls, ...leadership }: GroupRecord): Leadership => leadership;

/**
 * Leader election with leases: one leader per group. A campaign takes a free group (a new term), renews
 * the caller's own lease, or queues the caller as a candidate. When the lease lapses, the leader resigns,
 * is closed or its process is gone, the longest-waiting live candidate takes over at once (term + 1, told
 * by a notification). Every group is a row in SQLite; lease expiries are re-armed on start, so a lease
 * that lapsed while the host was down fails over as soon as it starts.
 */
export class LeaderService {
  private readonly prepared: ReturnType<typeof statementCache>;
  private readonly deadlines: Deadlines;
  private stopListening: (() => void) | undefined;

  constructor(private readonly deps: CoordinationDeps) {
    this.prepared = statementCache(deps.store.db);
    this.deadlines = new Deadlines(deps.clock);
  }

  start(): void {
    this.stopListening = this.deps.bus.subscribe((event) => this.onFleetEvent(event));
    for (const group of this.all()) {
      if (group.leaderId && isGone(this.deps.fleet.findAgent(group.leaderId))) this.failover(group, 'died');
      else this.arm(group);
    }
  }

  stop(): void {
    this.stopListening?.();
    this.deadlines.clearAll();
  }

  campaign(caller: Caller, name: string, ttlSeconds: number): Leadership {
    const found = this.find(name);
    if (found?.leaderId !== caller.id && !found?.candidates.includes(caller.id))
      assertRoomToHold(caller, 'leaderGroups', this.deps.holdings ?? defaultHoldingLimits, () =>
        this.heldBy(caller.id),
      );
    const group = found ?? {
      group: name,
      leaderId: null,
      // A group deleted when it emptied may come back: its terms go on above every term a deleted group reached.
      term: this.retiredTerm(),
      expiresAt: null,
      ttlSeconds,
      candidates: [],
      ttls: {},
    };
    if (group.leaderId === caller.id) {
      const renewed = { ...group, ttlSeconds, expiresAt: this.expiry(ttlSeconds) };
      this.save(renewed);
      this.arm(renewed);
      return publicView(renewed);
    }
    if (group.leaderId === null) return publicView(this.elect(group, caller.id, ttlSeconds, null, 'elected'));
    const queued: GroupRecord = {
      ...group,
      candidates: group.candidates.includes(caller.id) ? group.candidates : [...group.candidates, caller.id],
      ttls: { ...group.ttls, [caller.id]: ttlSeconds },
    };
    this.save(queued);
    return publicView(queued);
  }

  resign(caller: Caller, name: string): Leadership {
    const group = this.find(name);
    if (!group || (group.leaderId !== caller.id && !group.candidates.includes(caller.id))) {
      throw new SwitchboardError('not_found', `You neither lead nor wait to lead group "${name}"`);
    }
    if (group.leaderId === caller.id) return publicView(this.failover(group, 'resigned'));
    const left = { ...group, candidates: group.candidates.filter((id) => id !== caller.id) };
    this.save(left);
    return publicView(left);
  }

  /** Every agent may know who leads a group (so it knows whom to ask); an unknown group has no leader. */
  get(name: string): Leadership {
    const group = this.find(name);
    return group
      ? publicView(group)
      : { group: name, leaderId: null, term: 0, expiresAt: null, ttlSeconds: 60, candidates: [] };
  }

  list(): Leadership[] {
    return this.all().map(publicView);
  }

  private elect(
    group: GroupRecord,
    leaderId: string,
    ttlSeconds: number,
    previousId: string | null,
    change: LeaderChange,
  ): GroupRecord {
    const ttls = { ...group.ttls };
    delete ttls[leaderId];
    const next: GroupRecord = {
      ...group,
      leaderId,
      term: group.term + 1,
      ttlSeconds,
      expiresAt: this.expiry(ttlSeconds),
      candidates: group.candidates.filter((id) => id !== leaderId),
      ttls,
    };
    this.save(next);
    this.arm(next);
    this.emit(next, previousId, change);
    if (change !== 'elected') {
      tell(
        this.deps,
        'human',
        leaderId,
        `You now lead group "${next.group}" (term ${next.term}; the previous leader ${change}). Renew with leader_campaign within ${ttlSeconds} s.`,
        `leader:${next.group}:${next.term}`,
      );
    }
    return next;
  }

  /** The leader is out: the longest-waiting live candidate takes over, or the group has no leader. */
  private failover(group: GroupRecord, change: Exclude<LeaderChange, 'elected'>): GroupRecord {
    this.deadlines.clear(group.group);
    const alive = group.candidates.filter((id) => !isGone(this.deps.fleet.findAgent(id)));
    const previousId = group.leaderId;
    const next = alive[0];
    const base: GroupRecord = { ...group, candidates: alive };
    if (next !== undefined)
      return this.elect(base, next, group.ttls[next] ?? group.ttlSeconds, previousId, change);
    const empty: GroupRecord = { ...base, leaderId: null, expiresAt: null };
    this.retire(empty);
    this.emit(empty, previousId, change);
    return empty;
  }

  private onFleetEvent(event: SwitchboardEvent): void {
    const gone =
      event.type === 'agent.closed'
        ? event.agentId
        : event.type === 'health.state_changed' &&
            (event.health.state === 'exited' || event.health.state === 'lost')
          ? event.agentId
          : undefined;
    if (gone === undefined) return;
    for (const group of this.all()) {
      if (group.leaderId === gone) this.failover(group, 'died');
      else if (group.candidates.includes(gone))
        this.save({ ...group, candidates: group.candidates.filter((id) => id !== gone) });
    }
  }

  private arm(group: GroupRecord): void {
    if (!group.leaderId || !group.expiresAt) return;
    const { term } = group;
    this.deadlines.arm(group.group, group.expiresAt, () => {
      const current = this.find(group.group);
      if (
        current?.leaderId &&
        current.term === term &&
        Date.parse(current.expiresAt!) <= this.deps.clock.now()
      )
        this.failover(current, 'lapsed');
    });
  }

  private emit(group: GroupRecord, previousId: string | null, change: LeaderChange): void {
    const participants = [
      ...new Set([group.leaderId, previousId, ...group.candidates].filter((id): id is string => id !== null)),
    ];
    this.deps.bus.emit({
      type: 'leader.changed',
      leadership: publicView(group),
      previousId,
      change,
      participants,
    });
  }

  private expiry(ttlSeconds: number): string {
    return new Date(this.deps.clock.now() + ttlSeconds * 1000).toISOString();
  }

  private find(name: string): GroupRecord | undefined {
    const row = this.prepared<[string], { doc: string }>('SELECT doc FROM leader_groups WHERE name = ?').get(
      name,
    );
    return row ? (JSON.parse(row.doc) as GroupRecord) : undefined;
  }

  private all(): GroupRecord[] {
    return this.prepared<[], { doc: string }>('SELECT doc FROM leader_groups ORDER BY name')
      .all()
      .map((row) => JSON.parse(row.doc) as GroupRecord);
  }

  /** Groups this agent leads or waits to lead. */
  private heldBy(agentId: string): number {
    return this.prepared<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM leader_groups WHERE json_extract(doc, '$.leaderId') = ?
        OR EXISTS (SELECT 1 FROM json_each(doc, '$.candidates') WHERE value = ?)`,
    ).get(agentId, agentId)!.n;
  }

  private retiredTerm(): number {
    return (
      this.prepared<[], { term: number }>('SELECT term FROM leader_retired_term WHERE id = 1').get()?.term ??
      0
    );
  }

  /**
   * A group with no leader and no candidates is deleted (else campaigning for new names and resigning left a row
   * each, walked at every agent's close); its term is kept as the floor of every later term.
   */
  private retire(group: GroupRecord): void {
    this.deps.store.transaction(() => {
      this.prepared('DELETE FROM leader_groups WHERE name = ?').run(group.group);
      this.prepared(
        `INSERT INTO leader_retired_term (id, term) VALUES (1, ?)
          ON CONFLICT(id) DO UPDATE SET term = max(term, excluded.term)`,
      ).run(group.term);
    });
  }

  private save(group: GroupRecord): void {
    this.deps.store.transaction(() =>
      this.prepared(
        'INSERT INTO leader_groups (name, doc) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET doc = excluded.doc',
      ).run(group.group, JSON.stringify(group)),
    );
  }
}
