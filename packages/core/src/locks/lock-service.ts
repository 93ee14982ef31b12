import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type {
  Approval,
  AuditActor,
  Caller,
  CallSignal,
  Lock,
  LockReleaseReason,
  LockResource,
  ParsedInput,
} from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';
import { assertRoomToHold, defaultHoldingLimits, type HoldingLimits } from '../quotas/holding-limits';
import { LockRepository } from './lock-repository';
import { describeResource, resourcesOverlap } from './resource-overlap';

export interface LockDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  approvals: ApprovalQueue;
  /** A readable name for an owner id (an agent's name, or `human`). */
  nameOf(id: string): string;
  /** Whether this id is an agent that was closed: its leases end (at its close, and at start-up). */
  isClosed(agentId: string): boolean;
  /** How many leases one agent may hold (`leases`; default 100). */
  holdings?: HoldingLimits;
}

interface Grant {
  owner: Caller;
  resource: LockResource;
  ttlMs: number;
  reason: string | null;
  approvalId: string | null;
}

/** What a `lock` approval item carries so the lease can be handed over when it is approved. */
interface LockItemPayload {
  resource: string;
  lockHolder: string;
  lockResource: LockResource;
  ttlMs: number;
  reason: string | null;
}

/**
 * Leases on panes, files and branches. A conflicting acquire fails with `locked`, naming the holder;
 * `request` turns the conflict into a `lock` approval item and hands the lease over when it is
 * approved; leases end by release, handover or expiry (each with an event and an audit entry).
 */
export class LockService {
  private readonly repository: LockRepository;
  private readonly timers = new Map<string, () => void>();
  private stopListening: (() => void) | undefined;

  constructor(private readonly deps: LockDeps) {
    this.repository = new LockRepository(deps.store);
  }

  start(): void {
    this.expireOverdue();
    for (const lock of this.repository.active()) this.armExpiry(lock);
    this.endLeasesOfClosed();
    const stopDecisions = this.deps.approvals.onDidDecide((approval) => this.onDecided(approval));
    const stopCloses = this.deps.bus.subscribe((event) => {
      if (event.type === 'agent.closed') this.endLeasesOfClosed(event.agentId);
    });
    this.stopListening = () => {
      stopDecisions();
      stopCloses();
    };
  }

  stop(): void {
    this.stopListening?.();
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  list(input: ParsedInput<'lock.list'>): Lock[] {
    this.expireOverdue();
    return this.repository.active(input);
  }

  acquire(caller: Caller, input: ParsedInput<'lock.acquire'>): Lock {
    this.expireOverdue();
    const [own] = this.repository.active({ ...input.resource, owner: caller.id });
    if (own) return this.renew(caller, { lockId: own.id, ttlMs: input.ttlMs });
    const holder = this.conflicts(input.resource, caller.id)[0];
    if (holder) throw this.lockedError(input.resource, holder);
    assertRoomToHold(caller, 'leases', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.repository.liveCountOf(caller.id),
    );
    return this.grant({
      owner: caller,
      resource: input.resource,
      ttlMs: input.ttlMs,
      reason: input.reason ?? null,
      approvalId: null,
    });
  }

  renew(caller: Caller, input: ParsedInput<'lock.renew'>): Lock {
    this.expireOverdue();
    const lock = this.requireLock(input.lockId);
    if (lock.owner !== caller.id)
      throw new SwitchboardError('forbidden', `Lease ${lock.id} belongs to ${this.deps.nameOf(lock.owner)}`, {
        details: { missing: 'lock_owner' },
      });
    const now = this.deps.clock.now();
    const renewed: Lock = {
      ...lock,
      renewedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + input.ttlMs).toISOString(),
    };
    this.deps.store.transaction(() => {
      this.repository.renew(renewed);
      this.deps.audit.append({
        actor: caller,
        action: 'lock.renewed',
        target: lock.id,
        details: { resource: lock.resource, expiresAt: renewed.expiresAt },
      });
    });
    this.armExpiry(renewed);
    this.deps.bus.emit({ type: 'lock.renewed', lock: renewed });
    return renewed;
  }

  release(caller: Caller, input: ParsedInput<'lock.release'>): void {
    this.expireOverdue();
    const lock = this.requireLock(input.lockId);
    if (caller.kind !== 'human' && lock.owner !== caller.id) {
      throw new SwitchboardError('forbidden', `Lease ${lock.id} belongs to ${this.deps.nameOf(lock.owner)}`, {
        details: { missing: 'lock_owner' },
      });
    }
    this.end(lock, 'released', caller);
  }

  /** Takes the resource if free; otherwise asks (a `lock` approval item) and optionally waits for the answer. */
  async request(
    caller: Caller,
    input: ParsedInput<'lock.request'>,
    signal?: CallSignal,
  ): Promise<{ lock: Lock | null; approval: Approval | null; timedOut: boolean }> {
    this.expireOverdue();
    const holder = this.conflicts(input.resource, caller.id)[0];
    if (!holder) {
      return {
        lock: this.acquire(caller, { resource: input.resource, ttlMs: input.ttlMs, reason: input.reason }),
        approval: null,
        timedOut: false,
      };
    }
    this.deps.approvals.assertRoomFor(caller);
    const payload: LockItemPayload = {
      resource: `${input.resource.kind}:${input.resource.name}`,
      lockHolder: holder.owner,
      lockResource: input.resource,
      ttlMs: input.ttlMs,
      reason: input.reason === undefined ? null : redactSecrets(input.reason),
    };
    const reason = input.reason ? `: ${input.reason}` : '';
    const raised = this.deps.approvals.raise(caller, {
      kind: 'lock',
      summary: `${this.deps.nameOf(caller.id)} asks for ${describeResource(input.resource)}, held by ${this.deps.nameOf(holder.owner)}${reason}`,
      payload: { ...payload },
      choices: ['hand over', 'keep'],
      expiresInMs: input.expiresInMs,
      onExpiry: 'deny',
    });
    const waited =
      raised.status === 'pending' && input.waitMs > 0
        ? await this.deps.approvals.awaitDecision(raised.id, input.waitMs, signal, caller)
        : { approval: raised, timedOut: false };
    const lock =
      waited.approval.status === 'approved' ? (this.repository.grantedFor(waited.approval.id) ?? null) : null;
    return { lock, approval: waited.approval, timedOut: waited.timedOut };
  }

  /** For other domains' write paths: throws `locked` if someone other than the caller holds the resource. */
  assertAccess(caller: Caller, resource: LockResource): void {
    if (caller.kind === 'human') return;
    this.expireOverdue();
    const holder = this.conflicts(resource, caller.id)[0];
    if (holder) throw this.lockedError(resource, holder);
  }

  private onDecided(approval: Approval): void {
    if (approval.kind !== 'lock' || approval.status !== 'approved') return;
    const payload = approval.payload as Partial<LockItemPayload>;
    if (!payload.lockResource || typeof payload.ttlMs !== 'number') return;
    const requester: Caller = {
      kind: approval.requester === 'human' ? 'human' : 'agent',
      id: approval.requester,
    };
    const decidedBy: AuditActor = approval.decision?.automatic
      ? SYSTEM_ACTOR
      : {
          kind: approval.decision?.decidedBy === 'human' ? 'human' : 'agent',
          id: approval.decision?.decidedBy ?? 'human',
        };
    this.expireOverdue();
    for (const holder of this.conflicts(payload.lockResource, requester.id))
      this.end(holder, 'handed_over', decidedBy, approval.id);
    this.grant({
      owner: requester,
      resource: payload.lockResource,
      ttlMs: payload.ttlMs,
      reason: payload.reason ?? null,
      approvalId: approval.id,
    });
  }

  private grant(grant: Grant): Lock {
    const now = this.deps.clock.now();
    const at = new Date(now).toISOString();
    const lock: Lock = {
      id: `lock-${randomUUID()}`,
      resource: grant.resource,
      owner: grant.owner.id,
      reason: grant.reason === null ? null : redactSecrets(grant.reason),
      acquiredAt: at,
      renewedAt: at,
      expiresAt: new Date(now + grant.ttlMs).toISOString(),
    };
    this.deps.store.transaction(() => {
      this.repository.insert(lock, grant.approvalId);
      this.deps.audit.append({
        actor: grant.owner,
        action: 'lock.acquired',
        target: lock.id,
        details: { resource: lock.resource, expiresAt: lock.expiresAt, approvalId: grant.approvalId },
      });
    });
    this.armExpiry(lock);
    this.deps.bus.emit({ type: 'lock.acquired', lock });
    return lock;
  }

  /**
   * Ends the leases of a closed agent (or, at start-up, of every owner closed while the host was down): it will never release or renew them, and until they expired (up to 24 h) they kept everyone out.
   */
  private endLeasesOfClosed(agentId?: string): void {
    const leases = this.repository.active(agentId === undefined ? {} : { owner: agentId });
    for (const lock of leases)
      if (lock.owner !== 'human' && this.deps.isClosed(lock.owner))
        this.end(lock, 'owner_closed', SYSTEM_ACTOR);
  }

  private end(lock: Lock, reason: LockReleaseReason, actor: AuditActor, approvalId?: string): void {
    const ended = this.deps.store.transaction(() => {
      if (!this.repository.end(lock.id, isoTime(this.deps.clock), reason)) return false;
      this.deps.audit.append({
        actor,
        action: reason === 'handed_over' ? 'lock.handed_over' : 'lock.released',
        target: lock.id,
        ...(reason === 'owner_closed' ? { outcome: 'automatic' as const } : {}),
        details: {
          resource: lock.resource,
          owner: lock.owner,
          approvalId: approvalId ?? null,
          ...(reason === 'owner_closed' ? { reason } : {}),
        },
      });
      return true;
    });
    if (!ended) return;
    this.cancelTimer(lock.id);
    this.deps.bus.emit({ type: 'lock.released', lock, reason });
  }

  /** Ends every lease whose time is up, each with `lock.expired`. */
  private expireOverdue(): void {
    for (const lock of this.repository.overdue(this.deps.clock.now())) {
      const ended = this.deps.store.transaction(() => {
        if (!this.repository.end(lock.id, isoTime(this.deps.clock), 'expired')) return false;
        this.deps.audit.append({
          actor: SYSTEM_ACTOR,
          action: 'lock.expired',
          target: lock.id,
          outcome: 'automatic',
          details: { resource: lock.resource, owner: lock.owner },
        });
        return true;
      });
      this.cancelTimer(lock.id);
      if (ended) this.deps.bus.emit({ type: 'lock.expired', lock });
    }
  }

  private conflicts(resource: LockResource, requesterId: string): Lock[] {
    // Panes and branches conflict only by the same name: SQL finds it. Files are globs, each compared.
    return this.repository
      .active(resource.kind === 'file' ? { kind: 'file' } : resource)
      .filter((lock) => lock.owner !== requesterId && resourcesOverlap(lock.resource, resource));
  }

  private lockedError(resource: LockResource, holder: Lock): SwitchboardError {
    const name = this.deps.nameOf(holder.owner);
    return new SwitchboardError(
      'locked',
      `${describeResource(resource)} is locked by ${name} until ${holder.expiresAt}`,
      {
        hint: 'lock.request asks the holder or the human to hand it over.',
        details: {
          holder: holder.owner,
          holderName: name,
          lockId: holder.id,
          resource: holder.resource,
          expiresAt: holder.expiresAt,
        },
      },
    );
  }

  private requireLock(id: string): Lock {
    const lock = this.repository.find(id);
    if (!lock)
      throw new SwitchboardError('not_found', `No active lease "${id}"`, {
        hint: 'lock.list shows current leases.',
      });
    return lock;
  }

  private armExpiry(lock: Lock): void {
    this.cancelTimer(lock.id);
    this.timers.set(
      lock.id,
      this.deps.clock.setTimeout(
        () => {
          this.timers.delete(lock.id);
          this.expireOverdue();
        },
        Math.max(0, Date.parse(lock.expiresAt) - this.deps.clock.now()),
      ),
    );
  }

  private cancelTimer(id: string): void {
    this.timers.get(id)?.();
    this.timers.delete(id);
  }
}
