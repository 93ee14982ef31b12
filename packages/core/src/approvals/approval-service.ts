import { randomUUID } from 'node:crypto';
import { Emitter, SwitchboardError } from '@switchboard/protocol';
import type {
  Approval,
  ApprovalDecision,
  ApprovalPolicy,
  AuditActor,
  Caller,
  CallSignal,
  ParsedInput,
} from '@switchboard/protocol';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { firstMatchingPolicy, type PolicySubject } from '../policy/policy-match';
import type { PolicyStore } from '../policy/policy-store';
import { redactDeep, redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';
import { keepAnswersFromAudit, keepWithdrawnReasonsFromAudit, withRequesterNames } from './approval-lookups';
import { ApprovalRepository } from './approval-repository';
import { assertMayDecide } from './decision-checks';
import { DecisionWaiters, type Waited } from './decision-waiters';
import type { Tracer } from '../ports/tracer';
import type { Logger } from '../ports/logger';
import { logListenerError } from '../events/listener-errors';

/** What another domain asks for; the same fields as `approval.request`, defaults filled. */
export type ApprovalRequest = Omit<ParsedInput<'approval.request'>, 'waitMs'>;

export type { Waited };

/** Names an id goes by (id and name) and its team's, for matching policies. */
export interface Identity {
  names: string[];
  team: string[];
}

export interface ApprovalDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  policies: PolicyStore;
  /** Every name an agent id (or `human`) goes by, and its team's. */
  identify(id: string): Identity;
  /** The names of these agent ids from their records, closed agents included (the fleet's repository owns them). */
  namesOf(ids: readonly string[]): ReadonlyMap<string, string>;
  /** An item remembers the trace it was raised in; its decision is recorded as a span of that trace. */
  tracer?: Tracer;
  /** Where a decision or withdrawal listener's failure is written (another domain's bug: never dropped). */
  logger?: Logger;
}

/**
 * The core-internal face of the queue, for other domains (messaging handoffs, lock requests, health
 * escalations and permission prompts): raise an item, wait for it without blocking, react to decisions.
 */
export interface ApprovalQueue {
  raise(requester: Caller, request: ApprovalRequest): Approval;
  /** `signal`: the caller's; when it aborts the wait ends at once (undecided, `timedOut`). */
  awaitDecision(id: string, waitMs: number, signal?: CallSignal, waiter?: Caller): Promise<Waited>;
  get(id: string): Approval | undefined;
  /** Runs after a decision is stored, before events go out and waiters wake. */
  onDidDecide(listener: (approval: Approval) => void): () => void;
  /** Takes a pending item off the queue without a decision; undefined if it was not pending. */
  withdraw(id: string, reason: string): Approval | undefined;
  /** Runs after an item is withdrawn (stored, audited), before events go out and waiters wake. */
  onDidWithdraw(listener: (approval: Approval) => void): () => void;
  /** Keeps how a decided prompt was answered in the pane (`approval.answer`). */
  recordAnswer(id: string, answer: NonNullable<Approval['answer']>): void;
  /** Decided prompt items whose answer was never kept, after taking what their audit entries recorded. */
  unansweredPrompts(): string[];
  /** Throws `rate_limited` when an agent already has `MAX_PENDING_PER_AGENT` items waiting (what it asks for itself). */
  assertRoomFor(caller: Caller): void;
}

type Verdict = ApprovalDecision['verdict'];

/**
 * How many undecided items one agent may have in the queue. Unbounded, an agent at its role's 20 calls/s filled
 * the person's queue (and the database: up to 1 MiB of payload each) faster than anyone could read it, burying
 * the items that matter (session 21). Checked where an agent asks itself (`approval.request`, `lock.request`, a
 * handoff before it is sent); Switchboard raises its own items (prompts, recovery) freely.
 */
export const MAX_PENDING_PER_AGENT = 50;

/** The answer for an id with no item — and, to an agent, for another agent's item (it cannot tell them apart). */
export const unknownApproval = (id: string) =>
  new SwitchboardError('not_found', `No approval item "${id}"`, { hint: 'approval.list shows the queue.' });

/**
 * One approval queue for everything that needs a human. Items are stored redacted; policies decide
 * what they can (first match wins, logged as automatic); the rest waits for `approval.decide` or its
 * expiry (deny unless the item says otherwise). Waiting is a promise woken by the decision or the
 * Clock, never a blocked loop.
 */
export class ApprovalService implements ApprovalQueue {
  private readonly repository: ApprovalRepository;
  private readonly waiters: DecisionWaiters;
  private readonly expiryTimers = new Map<string, () => void>();
  private readonly decided: Emitter<Approval>;
  private readonly withdrawn: Emitter<Approval>;

  constructor(private readonly deps: ApprovalDeps) {
    const ids = (a: Approval) => ({ approvalId: a.id, kind: a.kind });
    this.decided = new Emitter(logListenerError(deps.logger, 'approvals', 'approval.decided', ids));
    this.withdrawn = new Emitter(logListenerError(deps.logger, 'approvals', 'approval.withdrawn', ids));
    this.repository = new ApprovalRepository(deps.store);
    this.waiters = new DecisionWaiters(deps.clock);
  }

  /** Re-arms expiry for items that survived a restart (items already overdue expire now); fills old withdrawals' reasons. */
  start(): void {
    keepWithdrawnReasonsFromAudit(this.repository, this.deps.audit);
    for (const { id, expiresMs } of this.repository.pendingWithExpiry()) this.armExpiry(id, expiresMs);
  }

  /** Cancels timers and releases anyone still waiting (with the item as it stands, `timedOut`). */
  stop(): void {
    for (const cancel of this.expiryTimers.values()) cancel();
    this.expiryTimers.clear();
    this.waiters.releaseAll((id) => this.repository.find(id));
  }

  get(id: string): Approval | undefined {
    return this.repository.find(id);
  }

  require(id: string): Approval {
    const approval = this.repository.find(id);
    if (!approval) throw unknownApproval(id);
    return approval;
  }

  recordAnswer(id: string, answer: NonNullable<Approval['answer']>): void {
    this.repository.recordAnswer(id, answer);
  }

  unansweredPrompts(): string[] {
    return keepAnswersFromAudit(this.repository, this.deps.audit);
  }

  /** The queue; each item names its asker (closed agents included), as the history does. */
  list(input: ParsedInput<'approval.list'>): Approval[] {
    return withRequesterNames(this.repository.list(input), this.deps.namesOf);
  }

  /** Each item names its asker by its record's name, closed agents included: the history outlives the fleet. */
  history(input: ParsedInput<'approval.history'>): Approval[] {
    return withRequesterNames(this.repository.history(input), this.deps.namesOf);
  }

  onDidDecide(listener: (approval: Approval) => void): () => void {
    return this.decided.on(listener);
  }

  onDidWithdraw(listener: (approval: Approval) => void): () => void {
    return this.withdrawn.on(listener);
  }

  /** Pending items, oldest first: all, or those naming this agent (its requests, handoffs to it). */
  pending(agentId?: string): Approval[] {
    return this.repository.pending(agentId);
  }

  async request(
    caller: Caller,
    input: ParsedInput<'approval.request'>,
    signal?: CallSignal,
  ): Promise<Waited> {
    const { waitMs, ...request } = input;
    this.assertRoomFor(caller);
    const approval = this.raise(caller, request);
    if (waitMs === 0 || approval.status !== 'pending') return { approval, timedOut: false };
    return this.awaitDecision(approval.id, waitMs, signal, caller);
  }

  assertRoomFor(caller: Caller): void {
    if (caller.kind === 'agent' && this.repository.pendingOf(caller.id) >= MAX_PENDING_PER_AGENT) {
      throw new SwitchboardError(
        'rate_limited',
        `${MAX_PENDING_PER_AGENT} of your approval items already wait for the human`,
        { hint: 'Wait for decisions (approval.wait) before asking more.' },
      );
    }
  }

  raise(requester: Caller, request: ApprovalRequest): Approval {
    const now = this.deps.clock.now();
    const approval: Approval = {
      id: `approval-${randomUUID()}`,
      kind: request.kind,
      requester: requester.id,
      summary: redactSecrets(request.summary),
      payload: redactDeep(request.payload),
      choices: request.choices,
      status: 'pending',
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + request.expiresInMs).toISOString(),
      onExpiry: request.onExpiry,
      decision: null,
    };
    const policy = firstMatchingPolicy(this.deps.policies.list(), this.subjectOf(approval));
    const automatic = policy && policy.action !== 'ask' ? policy : undefined;
    const traceparent = this.deps.tracer?.traceparent() ?? null;
    const decided = this.deps.store.transaction(() => {
      this.repository.insert(approval, traceparent);
      this.deps.audit.append({
        actor: requester,
        action: 'approval.requested',
        target: approval.id,
        details: { kind: approval.kind, summary: approval.summary },
      });
      if (!automatic) return undefined;
      return this.settle(approval, this.policyDecision(automatic));
    });
    if (!decided) this.armExpiry(approval.id, now + request.expiresInMs);
    this.deps.bus.emit({ type: 'approval.requested', approval: this.named(approval) });
    if (decided) this.announce(decided, 'approval.decided');
    // A subscriber may have decided it already (synchronously, during the event): report what is stored.
    return decided ?? this.repository.find(approval.id) ?? approval;
  }

  /** Resolves with the decision, or with the still-pending item and `timedOut` after `waitMs` or its caller leaving. */
  awaitDecision(id: string, waitMs: number, signal?: CallSignal, waiter?: Caller): Promise<Waited> {
    const current = this.require(id);
    if (current.status !== 'pending' || waitMs <= 0 || signal?.aborted)
      return Promise.resolve({ approval: current, timedOut: current.status === 'pending' });
    const agentId = waiter?.kind === 'agent' ? waiter.id : undefined;
    return this.waiters.wait(id, waitMs, () => this.require(id), signal, agentId);
  }

  /**
   * Takes a pending item off the queue because its question went away (a prompt answered in the terminal, its
   * requester closed). Not a decision: decision listeners do not run (withdrawal listeners do); waiters wake with
   * the withdrawn item, which keeps `reason` as its `withdrawnReason`.
   */
  withdraw(id: string, reason: string, actor: AuditActor = SYSTEM_ACTOR): Approval | undefined {
    const approval = this.repository.find(id);
    if (!approval || approval.status !== 'pending') return undefined;
    const at = isoTime(this.deps.clock);
    const withdrawn = this.deps.store.transaction(() => {
      if (!this.repository.withdraw(id, at, reason)) return undefined;
      this.deps.audit.append({
        actor,
        action: 'approval.withdrawn',
        target: id,
        outcome: 'automatic',
        details: { kind: approval.kind, requester: approval.requester, reason },
      });
      return { ...approval, status: 'withdrawn' as const, closedAt: at, withdrawnReason: reason };
    });
    if (!withdrawn) return undefined;
    this.expiryTimers.get(id)?.();
    this.expiryTimers.delete(id);
    this.withdrawn.emit(withdrawn);
    const named = this.named(withdrawn);
    this.deps.bus.emit({ type: 'approval.withdrawn', approval: named, reason });
    this.waiters.wake(named);
    return withdrawn;
  }

  /** Decides a batch: every item is checked first, then all are stored in one transaction. */
  decide(caller: Caller, input: ParsedInput<'approval.decide'>): Approval[] {
    const seen = new Set<string>();
    const checked = input.decisions.map((decision) => {
      if (seen.has(decision.id))
        throw new SwitchboardError(
          'invalid_input',
          `Approval item "${decision.id}" appears twice in the batch`,
        );
      seen.add(decision.id);
      const approval = this.require(decision.id);
      assertMayDecide(caller, approval, decision);
      return { approval, decision };
    });
    const decidedAt = isoTime(this.deps.clock);
    const settled = this.deps.store.transaction(() =>
      checked.map(({ approval, decision }) =>
        this.settle(
          approval,
          {
            verdict: decision.verdict,
            choice: decision.choice ?? null,
            comment: decision.comment === undefined ? null : redactSecrets(decision.comment),
            decidedBy: caller.id,
            automatic: false,
            policyId: null,
            decidedAt,
          },
          caller,
        ),
      ),
    );
    for (const approval of settled) this.announce(approval, 'approval.decided');
    return settled;
  }

  private policyDecision(policy: ApprovalPolicy): ApprovalDecision {
    return {
      verdict: policy.action === 'approve' ? 'approve' : 'deny',
      choice: null,
      comment: policy.comment,
      decidedBy: `policy:${policy.id}`,
      automatic: true,
      policyId: policy.id,
      decidedAt: isoTime(this.deps.clock),
    };
  }

  private expire(id: string): void {
    this.expiryTimers.delete(id);
    const approval = this.repository.find(id);
    if (!approval || approval.status !== 'pending') return;
    const verdict: Verdict = approval.onExpiry;
    const decision: ApprovalDecision = {
      verdict,
      choice: null,
      comment: 'expired before anyone decided',
      decidedBy: 'expiry',
      automatic: true,
      policyId: null,
      decidedAt: isoTime(this.deps.clock),
    };
    const expired = this.deps.store.transaction(() =>
      this.settle(approval, decision, SYSTEM_ACTOR, 'expired'),
    );
    if (expired) this.announce(expired, 'approval.expired');
  }

  /** Stores a decision and its audit entry (inside the caller's transaction). */
  private settle(
    approval: Approval,
    decision: ApprovalDecision,
    actor: AuditActor = SYSTEM_ACTOR,
    status?: 'expired',
  ): Approval {
    const next: Approval = {
      ...approval,
      status: status ?? (decision.verdict === 'approve' ? 'approved' : 'denied'),
      decision,
    };
    if (!this.repository.settle(next))
      throw new SwitchboardError('conflict', `Approval item "${approval.id}" was decided meanwhile`);
    this.deps.audit.append({
      actor,
      action: status === 'expired' ? 'approval.expired' : 'approval.decided',
      target: approval.id,
      outcome: decision.automatic ? 'automatic' : 'ok',
      details: {
        kind: approval.kind,
        requester: approval.requester,
        verdict: decision.verdict,
        choice: decision.choice,
        comment: decision.comment,
        decidedBy: decision.decidedBy,
        policyId: decision.policyId,
      },
    });
    return next;
  }

  private announce(approval: Approval, type: 'approval.decided' | 'approval.expired'): void {
    this.expiryTimers.get(approval.id)?.();
    this.expiryTimers.delete(approval.id);
    // One domain's reaction failing must not keep the decision from the others or the waiters.
    this.decided.emit(approval);
    const named = this.named(approval);
    this.deps.bus.emit({ type, approval: named });
    this.waiters.wake(named);
  }

  /** An item as events carry it: named, so a window learns the asker's name even once the agent has closed. */
  private named(approval: Approval): Approval {
    return withRequesterNames([approval], this.deps.namesOf)[0]!;
  }

  private armExpiry(id: string, expiresMs: number): void {
    this.expiryTimers.get(id)?.();
    this.expiryTimers.set(
      id,
      this.deps.clock.setTimeout(() => this.expire(id), Math.max(0, expiresMs - this.deps.clock.now())),
    );
  }

  private subjectOf(approval: Approval): PolicySubject {
    const requester = this.deps.identify(approval.requester);
    const holderId = approval.payload.lockHolder;
    return {
      kind: approval.kind,
      summary: approval.summary,
      payload: approval.payload,
      requester: requester.names,
      team: requester.team,
      holder: holderId === undefined ? [] : this.deps.identify(holderId).names,
    };
  }
}
