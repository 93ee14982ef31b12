import { humanCaller } from '@switchboard/protocol';
import type { ApprovalQueue } from './approvals/approval-service';
import type { EventBus } from './events/event-bus';
import type { FleetRepository } from './fleet/fleet-repository';
import { ManagerService } from './managers/manager-service';
import type { MessagingService } from './messages/messaging-service';
import { fleetAssignees } from './plans/plan-assignees';
import { PlanService } from './plans/plan-service';
import type { Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { HoldingLimits } from './quotas/holding-limits';
import type { Store } from './store/store';

export interface PlanningDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  approvals: ApprovalQueue;
  fleet: FleetRepository;
  messages: MessagingService;
  holdings: HoldingLimits;
}

/**
 * Plans and managers, bound to each other: managers pick workers for plan steps and delegate by creating
 * plans, so the plan service is bound into the managers once both exist.
 */
export function createPlanning(deps: PlanningDeps) {
  const { store, bus, clock, logger, approvals, fleet, messages, holdings } = deps;
  const fleetView = {
    findAgent: (ref: string) => fleet.findAgent(ref),
    listAgents: () => fleet.listAgents(),
  };
  const planService: { current?: PlanService } = {};
  const managers = new ManagerService({
    store,
    bus,
    clock,
    fleet: fleetView,
    runningSteps: () => planService.current!.runner.runningSteps(),
    createPlan: (caller, spec) => planService.current!.create(caller, spec),
    holdings,
  });
  const plans = new PlanService({
    store,
    bus,
    clock,
    approvals,
    logger,
    assignees: fleetAssignees(fleetView, managers),
    // A plan outlives the agent that created it (its step items stay for the person): once that agent is closed,
    // its steps' instructions come from the person. Sent as the closed agent, each start threw `forbidden` and the
    // step stayed `awaiting_approval` (or `waiting`) for good, however its item was decided.
    send: (sender, input) =>
      messages.send(sender.kind === 'agent' && !fleet.findAgent(sender.id) ? humanCaller : sender, input),
    messageBody: (messageId) => messages.repository.findMessage(messageId)?.body,
    holdings,
  });
  planService.current = plans;
  return { plans, managers };
}
