import { humanCaller, SwitchboardError } from '@switchboard/protocol';
import type { Agent, Caller, CommandOutput, ParsedInput } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { HoldingLimits } from '../quotas/holding-limits';
import { statementCache } from '../store/statement-cache';
import type { Store } from '../store/store';

/** What barriers, votes and leader groups need from the rest of core. */
export interface CoordinationDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  fleet: Pick<FleetRepository, 'findAgent' | 'findTeam' | 'listAgents'>;
  /** Messaging's `send` (roles, inbox, pane typing): how parties are told. */
  send(sender: Caller, input: ParsedInput<'message.send'>): CommandOutput<'message.send'>;
  /** How many open barriers and votes, and leader groups, one agent may hold (default: core's). */
  holdings?: HoldingLimits;
}

export const callerOf = (id: string): Caller => (id === humanCaller.id ? humanCaller : { kind: 'agent', id });

/** An agent that will never act again: closed, or its process gone. */
export const isGone = (agent: Agent | undefined): boolean =>
  !agent || agent.state === 'exited' || agent.state === 'lost';

/** Agent refs → ids; unknown ones refused with `invalid_input` naming them. */
export function resolveAgents(deps: CoordinationDeps, refs: readonly string[]): string[] {
  const unknown = refs.filter((ref) => !deps.fleet.findAgent(ref));
  if (unknown.length)
    throw new SwitchboardError('invalid_input', `No such agents: ${unknown.join(', ')}`, {
      details: { unknown },
    });
  return [...new Set(refs.map((ref) => deps.fleet.findAgent(ref)!.id))];
}

/** The agents of a team now; an unknown or empty team is refused. */
export function resolveTeam(deps: CoordinationDeps, ref: string): string[] {
  const team = deps.fleet.findTeam(ref);
  if (!team) throw new SwitchboardError('invalid_input', `No team "${ref}"`, { details: { unknown: [ref] } });
  const agents = deps.fleet.listAgents(team.id);
  if (agents.length === 0) throw new SwitchboardError('invalid_input', `Team "${ref}" has no agents`);
  return agents.map((agent) => agent.id);
}

/** Tells an agent something (best effort: a refused message is logged, nothing else changes). */
export function tell(
  deps: CoordinationDeps,
  from: string,
  to: string,
  body: string,
  correlationId: string,
): void {
  try {
    deps.send(callerOf(from), {
      kind: 'notification',
      to: { agent: to },
      body,
      correlationId,
      priority: 'normal',
      dedupe: false,
      typeIntoPane: 'auto',
    });
  } catch (error) {
    deps.logger.log('warn', 'could not tell a coordination party', {
      component: 'coordination',
      to,
      correlationId,
      err: error,
    });
  }
}

/** One JSON document per row: `table` has `id`, `open`, `created_at`, `doc` columns. */
export class DocumentTable<T extends { id: string; createdAt: string }> {
  private readonly prepared: ReturnType<typeof statementCache>;

  constructor(
    store: Store,
    private readonly table: 'barriers' | 'votes',
  ) {
    this.prepared = statementCache(store.db);
  }

  find(id: string): T | undefined {
    const row = this.prepared<[string], { doc: string }>(`SELECT doc FROM ${this.table} WHERE id = ?`).get(
      id,
    );
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  /** Newest first. */
  list(onlyOpen: boolean): T[] {
    return this.prepared<[number], { doc: string }>(
      `SELECT doc FROM ${this.table} WHERE open >= ? ORDER BY created_at DESC, rowid DESC`,
    )
      .all(onlyOpen ? 1 : 0)
      .map((row) => JSON.parse(row.doc) as T);
  }

  /** How many open records `author` made (the record's `createdBy` or `proposedBy`): a walk of the open rows only. */
  openCountOf(field: 'createdBy' | 'proposedBy', author: string): number {
    return this.prepared<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM ${this.table} WHERE open = 1 AND json_extract(doc, '$.' || ?) = ?`,
    ).get(field, author)!.n;
  }

  save(record: T, open: boolean): void {
    this.prepared(
      `INSERT INTO ${this.table} (id, open, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET open = excluded.open, doc = excluded.doc`,
    ).run(record.id, open ? 1 : 0, record.createdAt, JSON.stringify(record));
  }
}

/** Deadline timers on the Clock, one per key. */
export class Deadlines {
  private readonly timers = new Map<string, () => void>();

  constructor(private readonly clock: Clock) {}

  /** Calls `fire` at `at` (ISO time), at once (next tick) if it already passed. */
  arm(key: string, at: string, fire: () => void): void {
    this.clear(key);
    const cancel = this.clock.setTimeout(
      () => {
        this.timers.delete(key);
        fire();
      },
      Math.max(0, Date.parse(at) - this.clock.now()),
    );
    this.timers.set(key, cancel);
  }

  clear(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  clearAll(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
