import { ApprovalService, type Identity } from './approvals/approval-service';
import { withdrawWhenGone } from './approvals/gone-requesters';
import { AuditLog } from './audit/audit-log';
import { RefusalAudit } from './audit/refusal-audit';
import type { EventBus } from './events/event-bus';
import type { FleetRepository } from './fleet/fleet-repository';
import { LockService } from './locks/lock-service';
import { PolicyStore } from './policy/policy-store';
import type { Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { Tracer } from './ports/tracer';
import { RateLimiter } from './roles/rate-limiter';
import { RoleCatalog } from './roles/role-catalog';
import { RoleGuard } from './roles/role-guard';
import type { HoldingLimits } from './quotas/holding-limits';
import type { Store } from './store/store';

export interface OversightDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  tracer: Tracer;
  fleet: FleetRepository;
  /** Where a failing approval listener is written. */
  logger?: Logger;
  /** How many leases one agent may hold. */
  holdings?: HoldingLimits;
}

/**
 * Who may do what and who decides: the audit log, roles (catalog, guard, refusal audit), approval
 * policies, the approval queue and leases. Started: the queue and the leases run their timers.
 */
export function createOversight({ store, bus, clock, tracer, fleet, logger, holdings }: OversightDeps) {
  const audit = new AuditLog(store, clock);
  const catalog = new RoleCatalog(store, clock);
  const refusals = new RefusalAudit(audit, clock);
  const limiter = new RateLimiter(clock);
  // A closed agent calls no more (its tokens are revoked): its bucket goes with it. Lives as long as the bus.
  bus.subscribe((event) => {
    if (event.type === 'agent.closed') limiter.forget(event.agentId);
  });
  const roles = new RoleGuard({
    catalog,
    limiter,
    refusals,
    findAgent: (id) => fleet.findAgent(id),
    findTeam: (ref) => fleet.findTeam(ref),
  });
  const policies = new PolicyStore(store, clock);
  const identify = (id: string): Identity => {
    const agent = fleet.findAgent(id);
    if (!agent) return { names: [id], team: [] };
    const team = agent.teamId === null ? undefined : fleet.findTeam(agent.teamId);
    return { names: [agent.id, agent.name], team: team ? [team.id, team.name] : [] };
  };
  // An agent with a record that is not open: closed, or replaced (made-up ids are neither).
  const isClosed = (id: string) => fleet.findAgent(id)?.id !== id && fleet.namesOf([id]).has(id);
  const approvals = new ApprovalService({
    store,
    bus,
    clock,
    audit,
    policies,
    identify,
    namesOf: (ids) => fleet.namesOf(ids),
    tracer,
    logger,
  });
  const locks = new LockService({
    store,
    bus,
    clock,
    audit,
    approvals,
    nameOf: (id) => fleet.nameOf(id),
    isClosed,
    ...(holdings ? { holdings } : {}),
  });
  approvals.start();
  locks.start();
  // An agent closed (now, or while the host was down) takes the items it asked for with it.
  const stopGone = withdrawWhenGone(approvals, { isClosed, nameOf: (id) => fleet.nameOf(id) }, bus, logger);
  return { audit, catalog, refusals, roles, policies, approvals, locks, stopGone };
}
