import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { Barrier, Caller, ParsedInput } from '@switchboard/protocol';
import { isoTime } from '../ports/clock';
import { assertRoomToHold, defaultHoldingLimits } from '../quotas/holding-limits';
import {
  Deadlines,
  DocumentTable,
  resolveAgents,
  resolveTeam,
  tell,
  type CoordinationDeps,
} from './coordination-kit';

/**
 * Barriers: a point a set of agents (named, a team, or any N) must all reach. Released by the last
 * arrival needed, timed out at the deadline, or cancelled; every transition is in SQLite before its event,
 * and the deadline is stored, so an open barrier times out on time across a host restart.
 */
export class BarrierService {
  private readonly table: DocumentTable<Barrier>;
  private readonly deadlines: Deadlines;

  constructor(private readonly deps: CoordinationDeps) {
    this.table = new DocumentTable<Barrier>(deps.store, 'barriers');
    this.deadlines = new Deadlines(deps.clock);
  }

  /** Re-arms the deadlines of open barriers (an overdue one times out at once). */
  start(): void {
    for (const barrier of this.table.list(true)) this.arm(barrier);
  }

  stop(): void {
    this.deadlines.clearAll();
  }

  create(caller: Caller, input: ParsedInput<'barrier.create'>): Barrier {
    assertRoomToHold(caller, 'barriers', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.table.openCountOf('createdBy', caller.id),
    );
    const { parties } = input;
    const named =
      'agents' in parties
        ? resolveAgents(this.deps, parties.agents)
        : 'team' in parties
          ? resolveTeam(this.deps, parties.team)
          : null;
    const now = this.deps.clock.now();
    const barrier: Barrier = {
      id: `barrier-${randomUUID()}`,
      name: input.name,
      createdBy: caller.id,
      state: 'open',
      parties: named,
      needed: named ? named.length : (parties as { count: number }).count,
      arrived: [],
      deadline: input.timeoutSeconds ? new Date(now + input.timeoutSeconds * 1000).toISOString() : null,
      createdAt: new Date(now).toISOString(),
      closedAt: null,
    };
    this.deps.store.transaction(() => this.table.save(barrier, true));
    this.deps.bus.emit({ type: 'barrier.created', barrier, participants: participantsOf(barrier) });
    this.arm(barrier);
    return barrier;
  }

  arrive(caller: Caller, ref: string): Barrier {
    const barrier = this.visible(caller, ref);
    if (barrier.parties && !barrier.parties.includes(caller.id)) {
      throw new SwitchboardError('forbidden', `You are not a party of barrier "${barrier.name}"`, {
        details: { missing: 'barrier_party' },
      });
    }
    // Arriving twice (a retry after a lost answer) is harmless: the barrier as it is, even once released.
    if (barrier.arrived.some((a) => a.agentId === caller.id)) return barrier;
    if (barrier.state !== 'open')
      throw new SwitchboardError(
        'conflict',
        `Barrier "${barrier.name}" is ${barrier.state.replace('_', ' ')}`,
      );
    const arrived = [...barrier.arrived, { agentId: caller.id, at: isoTime(this.deps.clock) }];
    const released = arrived.length >= barrier.needed;
    const next: Barrier = {
      ...barrier,
      arrived,
      ...(released ? { state: 'released' as const, closedAt: isoTime(this.deps.clock) } : {}),
    };
    this.deps.store.transaction(() => this.table.save(next, !released));
    this.deps.bus.emit({
      type: 'barrier.arrived',
      barrier: next,
      agentId: caller.id,
      participants: participantsOf(next),
    });
    if (released) this.closed(next);
    return next;
  }

  get(caller: Caller, ref: string): Barrier {
    return this.visible(caller, ref);
  }

  list(caller: Caller, onlyOpen: boolean): Barrier[] {
    return this.table.list(onlyOpen).filter((barrier) => maySee(caller, barrier));
  }

  cancel(caller: Caller, ref: string): Barrier {
    const barrier = this.visible(caller, ref);
    if (caller.kind !== 'human' && caller.id !== barrier.createdBy) {
      throw new SwitchboardError('forbidden', `Barrier "${barrier.name}" is someone else's`, {
        details: { missing: 'barrier_creator' },
      });
    }
    if (barrier.state !== 'open')
      throw new SwitchboardError(
        'conflict',
        `Barrier "${barrier.name}" is ${barrier.state.replace('_', ' ')}`,
      );
    return this.close(barrier, 'cancelled');
  }

  private arm(barrier: Barrier): void {
    if (barrier.deadline) this.deadlines.arm(barrier.id, barrier.deadline, () => this.timeOut(barrier.id));
  }

  private timeOut(id: string): void {
    const barrier = this.table.find(id);
    if (barrier?.state === 'open') this.close(barrier, 'timed_out');
  }

  private close(barrier: Barrier, state: 'timed_out' | 'cancelled'): Barrier {
    const next: Barrier = { ...barrier, state, closedAt: isoTime(this.deps.clock) };
    this.deps.store.transaction(() => this.table.save(next, false));
    this.closed(next);
    return next;
  }

  /** The event, and a notification to every party that arrived (they are the ones waiting). */
  private closed(barrier: Barrier): void {
    this.deadlines.clear(barrier.id);
    this.deps.bus.emit({ type: 'barrier.closed', barrier, participants: participantsOf(barrier) });
    const what =
      barrier.state === 'released'
        ? 'released: everyone arrived, go on'
        : barrier.state === 'timed_out'
          ? `timed out with ${barrier.arrived.length} of ${barrier.needed} arrived`
          : 'cancelled';
    for (const { agentId } of barrier.arrived) {
      if (agentId !== barrier.createdBy)
        tell(
          this.deps,
          barrier.createdBy,
          agentId,
          `Barrier "${barrier.name}" ${what}.`,
          `barrier:${barrier.id}`,
        );
    }
  }

  private visible(caller: Caller, ref: string): Barrier {
    const barrier = this.table.find(ref);
    if (!barrier || !maySee(caller, barrier))
      throw new SwitchboardError('not_found', `No barrier "${ref}"`, {
        hint: 'barrier.list shows the barriers you may see.',
      });
    return barrier;
  }
}

/** Named parties, the creator and whoever arrived. */
function participantsOf(barrier: Barrier): string[] {
  return [
    ...new Set([barrier.createdBy, ...(barrier.parties ?? []), ...barrier.arrived.map((a) => a.agentId)]),
  ];
}

/** The human; the creator, named parties and arrivals; anyone for a count barrier (anyone may arrive at it). */
function maySee(caller: Caller, barrier: Barrier): boolean {
  return caller.kind === 'human' || barrier.parties === null || participantsOf(barrier).includes(caller.id);
}
