import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { MAX_FLOWS, SwitchboardError, eventFor } from '@switchboard/protocol';
import { assertRoomToHold, defaultHoldingLimits, type HoldingLimits } from '../quotas/holding-limits';
import type {
  Caller,
  Flow,
  FlowActionResult,
  FlowDryRunHit,
  FlowFiring,
  FlowSpec,
  ParsedInput,
  SwitchboardEvent,
} from '@switchboard/protocol';
import { callerOf } from '../coordination/coordination-kit';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store/store';
import { FlowRepository, type StoredFlow } from './flow-repository';
import {
  actionCall,
  isTriggerEvent,
  madeIds,
  patternProblems,
  pickBranch,
  triggerMatches,
  type FlowEventView,
  type FlowLookups,
} from './flow-matching';

/** A chain of flows (A's action fired B, whose action fired C, …) stops here. */
export const MAX_FLOW_CHAIN = 4;
const MINUTE = 60_000;
const LAST_FIRINGS = 5;
/** The replay history is written in batches: at most this often, or at this many events. */
const HISTORY_FLUSH_MS = 1000;
const HISTORY_BATCH = 200;

export interface FlowDeps extends FlowLookups {
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** The dispatcher: every action is the command a person or agent would call, with the same checks, as the flow's owner. */
  dispatch(caller: Caller, command: string, input: unknown): Promise<unknown>;
  agentName(agentId: string): string | undefined;
  /** How many flows one agent may own (`flows`). */
  holdings?: HoldingLimits;
}

/**
 * Flows: reactive rules as data. Each bus event a trigger can match is offered to every enabled flow whose
 * owner may see it; the first branch whose conditions hold runs its actions through the dispatcher as the
 * owner. Which flows caused the running actions travels with them (AsyncLocalStorage), so an event a flow
 * caused never fires that flow again, and chains stop at four flows; the per-flow rate limit (counted from
 * SQLite, so it holds across a restart) is the backstop for anything that arrives later.
 */
export class FlowService {
  private readonly repository: FlowRepository;
  private readonly causation = new AsyncLocalStorage<readonly string[]>();
  private readonly schedules = new Map<string, () => void>();
  private history: SwitchboardEvent[] = [];
  private cancelFlush: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly running = new Set<Promise<void>>();
  /** The flows as stored, kept in memory: every trigger event is offered to them. */
  private readonly live = new Map<string, StoredFlow>();

  constructor(private readonly deps: FlowDeps) {
    this.repository = new FlowRepository(deps.store);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    for (const flow of this.repository.all()) {
      this.live.set(flow.id, flow);
      this.arm(flow);
    }
  }

  /** Stops listening and timers, writes the history buffer; waits for actions in flight. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const cancel of this.schedules.values()) cancel();
    this.schedules.clear();
    this.flush();
    await Promise.allSettled([...this.running]);
  }

  create(caller: Caller, spec: FlowSpec): Flow {
    this.check(spec);
    if (this.repository.find(spec.name))
      throw new SwitchboardError('conflict', `A flow named "${spec.name}" exists`);
    assertRoomToHold(caller, 'flows', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.repository.countOwnedBy(caller.id),
    );
    if (caller.kind === 'agent' && this.repository.countOfAgents() >= MAX_FLOWS)
      throw new SwitchboardError('rate_limited', `Agents already have ${MAX_FLOWS} flows`, {
        details: { quota: 'flows', limit: MAX_FLOWS },
      });
    const now = isoTime(this.deps.clock);
    return this.save(
      { ...spec, id: `flow-${randomUUID()}`, ownerId: caller.id, createdAt: now, updatedAt: now },
      'flow.created',
    );
  }

  update(caller: Caller, ref: string, spec: FlowSpec): Flow {
    const flow = this.visible(caller, ref);
    this.check(spec);
    const other = this.repository.find(spec.name);
    if (other && other.id !== flow.id)
      throw new SwitchboardError('conflict', `A flow named "${spec.name}" exists`);
    return this.replace({ ...flow, ...spec });
  }

  setEnabled(caller: Caller, ref: string, enabled: boolean): Flow {
    return this.replace({ ...this.visible(caller, ref), enabled });
  }

  remove(caller: Caller, ref: string): { id: string } {
    const flow = this.visible(caller, ref);
    this.deps.store.transaction(() => this.repository.remove(flow.id));
    this.live.delete(flow.id);
    this.disarm(flow.id);
    this.deps.bus.emit({ type: 'flow.removed', flowId: flow.id, ownerId: flow.ownerId });
    return { id: flow.id };
  }

  list(caller: Caller): Flow[] {
    return this.repository
      .all()
      .filter((flow) => maySee(caller, flow))
      .map((flow) => this.withFirings(flow));
  }

  firings(caller: Caller, ref: string): FlowFiring[] {
    return this.repository.firings(this.visible(caller, ref).id);
  }

  /**
   * Replays the newest recorded events through a flow: what would have fired and the command inputs it
   * would have sent. Nothing is called, stored or emitted. A stored flow sees what its owner may see; a
   * draft what the caller may see.
   */
  dryRun(caller: Caller, input: ParsedInput<'flow.dryRun'>): { replayed: number; hits: FlowDryRunHit[] } {
    const stored = input.flow === undefined ? undefined : this.visible(caller, input.flow);
    const spec = stored ?? input.spec!;
    if (!stored) this.check(spec);
    const viewer = stored ? callerOf(stored.ownerId) : caller;
    const flowId = stored?.id ?? 'dry-run';
    this.flush();
    const events = this.repository
      .recentEvents(input.limit)
      .flatMap((event) => eventFor(viewer, event) ?? []);
    const hits: FlowDryRunHit[] = [];
    const fired: number[] = [];
    for (const event of events) {
      const view = this.viewOf(event);
      if (!triggerMatches(spec.trigger, view, this.deps)) continue;
      const branch = pickBranch(spec, view);
      if (branch === null) continue;
      const at = Date.parse(event.at);
      const limited = fired.filter((t) => t > at - MINUTE).length >= spec.maxFiringsPerMinute;
      if (!limited) fired.push(at);
      hits.push({
        event: { type: event.type, sequence: event.sequence, at: event.at },
        outcome: limited ? 'rate_limited' : 'fired',
        branch,
        branchName: spec.branches[branch]!.name ?? null,
        actions: limited
          ? []
          : spec.branches[branch]!.actions.map((action) => {
              const call = actionCall(action, view, flowId);
              return {
                do: action.do,
                command: call.command,
                input: call.input,
                ok: true,
                error: null,
                result: [],
              };
            }),
      });
    }
    return { replayed: events.length, hits };
  }

  /** Resolves once every action started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private onEvent(event: SwitchboardEvent): void {
    if (!isTriggerEvent(event.type)) return;
    this.remember(event);
    const listening = [...this.live.values()].filter(
      (flow) => flow.enabled && flow.trigger.on !== 'schedule',
    );
    if (listening.length === 0) return;
    const chain = this.causation.getStore() ?? [];
    // What each owner may see of the event, looked up once per owner.
    const views = new Map<string, FlowEventView | null>();
    const viewFor = (ownerId: string) => {
      if (!views.has(ownerId)) {
        const seen = eventFor(callerOf(ownerId), event);
        views.set(ownerId, seen ? this.viewOf(seen) : null);
      }
      return views.get(ownerId)!;
    };
    for (const flow of listening) {
      const view = viewFor(flow.ownerId);
      if (!view || !triggerMatches(flow.trigger, view, this.deps)) continue;
      const branch = pickBranch(flow, view);
      if (branch === null) continue;
      const ref = { type: event.type, sequence: event.sequence, at: event.at };
      if (chain.includes(flow.id) || chain.length >= MAX_FLOW_CHAIN)
        this.record(flow, ref, 'loop', branch, []);
      else this.fire(flow, view, ref, branch, chain);
    }
  }

  private fire(
    flow: StoredFlow,
    view: FlowEventView,
    ref: FlowFiring['event'],
    branch: number,
    chain: readonly string[],
  ): void {
    if (this.repository.firedSince(flow.id, this.deps.clock.now() - MINUTE) >= flow.maxFiringsPerMinute) {
      this.record(flow, ref, 'rate_limited', branch, []);
      return;
    }
    // Recorded as fired before the actions run, so a burst of events counts against the rate limit at once.
    const firing = this.record(flow, ref, 'fired', branch, [], false);
    const run = this.causation
      .run([...chain, flow.id], async () => {
        // Off the bus's delivery (a microtask later), so the events our actions cause are delivered in this context.
        await null;
        const results: FlowActionResult[] = [];
        for (const action of flow.branches[branch]!.actions) {
          const call = actionCall(action, view, flow.id);
          try {
            const output = await this.deps.dispatch(callerOf(flow.ownerId), call.command, call.input);
            results.push({
              do: action.do,
              command: call.command,
              ok: true,
              error: null,
              result: madeIds(call.command, output),
            });
          } catch (error) {
            const { code, message } = error as { code?: string; message?: string };
            results.push({
              do: action.do,
              command: call.command,
              ok: false,
              error: `${code ?? 'error'}: ${message ?? String(error)}`.slice(0, 500),
              result: [],
            });
          }
        }
        const done: FlowFiring = { ...firing, actions: results };
        this.deps.store.transaction(() => this.repository.updateFiring(done));
        this.deps.bus.emit({ type: 'flow.fired', flowId: flow.id, ownerId: flow.ownerId, firing: done });
      })
      .catch((error: unknown) =>
        this.deps.logger.log('error', 'a flow failed', { component: 'flows', flowId: flow.id, err: error }),
      );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private record(
    flow: StoredFlow,
    event: FlowFiring['event'],
    outcome: FlowFiring['outcome'],
    branch: number | null,
    actions: FlowActionResult[],
    emit = true,
  ): FlowFiring {
    const firing: FlowFiring = {
      id: `firing-${randomUUID()}`,
      flowId: flow.id,
      at: isoTime(this.deps.clock),
      event,
      outcome,
      branch,
      actions,
    };
    this.deps.store.transaction(() => this.repository.addFiring(firing));
    if (emit) this.deps.bus.emit({ type: 'flow.fired', flowId: flow.id, ownerId: flow.ownerId, firing });
    return firing;
  }

  /** Schedules: one timer per enabled schedule flow, re-armed after each tick. */
  private arm(flow: StoredFlow): void {
    this.disarm(flow.id);
    if (!flow.enabled || flow.trigger.on !== 'schedule') return;
    const every = flow.trigger.everySeconds * 1000;
    this.schedules.set(
      flow.id,
      this.deps.clock.setTimeout(() => {
        const current = this.live.get(flow.id);
        if (!current?.enabled) return;
        this.arm(current);
        const at = isoTime(this.deps.clock);
        const view: FlowEventView = { type: 'schedule', at };
        const branch = pickBranch(current, view);
        if (branch !== null) this.fire(current, view, { type: 'schedule', sequence: null, at }, branch, []);
      }, every),
    );
  }

  private disarm(id: string): void {
    this.schedules.get(id)?.();
    this.schedules.delete(id);
  }

  private replace(next: StoredFlow): Flow {
    return this.save({ ...next, updatedAt: isoTime(this.deps.clock) }, 'flow.updated');
  }

  /** Stored, then live (armed if a schedule), then announced. */
  private save(flow: StoredFlow, type: 'flow.created' | 'flow.updated'): Flow {
    this.deps.store.transaction(() => this.repository.save(flow));
    this.live.set(flow.id, flow);
    this.arm(flow);
    const shown = this.withFirings(flow);
    this.deps.bus.emit({ type, flow: shown });
    return shown;
  }

  /** The event's fields plus `agentName` and `planName` (for conditions and templates). */
  private viewOf(event: SwitchboardEvent): FlowEventView {
    const fields = event as unknown as Record<string, unknown>;
    const agentId =
      typeof fields.agentId === 'string'
        ? fields.agentId
        : typeof fields.senderId === 'string'
          ? fields.senderId
          : undefined;
    const planId =
      typeof fields.planId === 'string'
        ? fields.planId
        : event.type === 'plan.created'
          ? (fields.plan as { id: string }).id
          : undefined;
    return {
      ...fields,
      type: event.type,
      ...(agentId ? { agentName: this.deps.agentName(agentId) ?? null } : {}),
      ...(planId ? { planName: this.deps.planName(planId) ?? null } : {}),
    };
  }

  private remember(event: SwitchboardEvent): void {
    this.history.push(event);
    if (this.history.length >= HISTORY_BATCH) this.flush();
    else this.cancelFlush ??= this.deps.clock.setTimeout(() => this.flush(), HISTORY_FLUSH_MS);
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const batch = this.history;
    this.history = [];
    try {
      this.repository.recordEvents(batch);
    } catch (error) {
      this.deps.logger.log('warn', 'could not keep flow history', { component: 'flows', err: error });
    }
  }

  private check(spec: FlowSpec): void {
    const problems = patternProblems(spec);
    if (problems.length)
      throw new SwitchboardError('invalid_input', `Invalid patterns: ${problems.join('; ')}`, {
        details: { patterns: problems },
      });
  }

  private withFirings(flow: StoredFlow): Flow {
    return { ...flow, lastFirings: this.repository.firings(flow.id, LAST_FIRINGS) };
  }

  private visible(caller: Caller, ref: string): StoredFlow {
    const flow = this.repository.find(ref);
    if (!flow || !maySee(caller, flow))
      throw new SwitchboardError('not_found', `No flow "${ref}"`, {
        hint: 'flow.list shows the flows you may see.',
      });
    return flow;
  }
}

/** The human sees every flow; an agent its own. */
const maySee = (caller: Caller, flow: StoredFlow): boolean =>
  caller.kind === 'human' || flow.ownerId === caller.id;
