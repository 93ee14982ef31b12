import type { ApprovalService } from './approvals/approval-service';
import type { AuditLog } from './audit/audit-log';
import type { EventBus } from './events/event-bus';
import type { FleetService } from './fleet/fleet-service';
import type { HealthTimings } from './health/evidence';
import { HealthMonitor } from './health/health-monitor';
import type { MessagingService } from './messages/messaging-service';
import type { PaneInputGate } from './panes/input-gate/pane-input-gate';
import type { ScreenObserver } from './panes/screen-observer';
import type { Clock } from './ports/clock';
import type { TerminalBackend } from './ports/terminal-backend';
import { PromptService } from './prompts/prompt-service';
import type { PromptTimings } from './prompts/prompt-timings';
import { createRecoveryActions } from './recovery/recovery-actions';
import { InterruptedTurns } from './recovery/interrupted-turns';
import { RecoveryLog } from './recovery/recovery-log';
import { hungAfterFor } from './recovery/recovery-policy';
import { RecoveryService } from './recovery/recovery-service';
import { RecoverySettings } from './recovery/recovery-settings';
import type { Store } from './store/store';

export interface SupervisionDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  observer: ScreenObserver;
  gate: PaneInputGate;
  approvals: ApprovalService;
  audit: AuditLog;
  messages: MessagingService;
  healthTimings?: Partial<HealthTimings> | undefined;
  promptTimings?: Partial<PromptTimings> | undefined;
}

/**
 * What watches the agents and acts when they stop: health (states from screens, hooks and exits), recovery
 * (the ladder from a nudge to a replacement, paced by health's hung timer), prompts (permission and question
 * prompts in panes, raised as approval items and answered through the gate) and the turns a lost pane cut off.
 */
export function createSupervision(deps: SupervisionDeps) {
  const { store, backend, bus, clock, fleet, observer, gate, approvals, audit, messages } = deps;
  const settings = new RecoverySettings(store);
  const health = new HealthMonitor({
    store,
    backend,
    bus,
    clock,
    fleet,
    observer,
    hungAfterMs: (agent) => hungAfterFor(settings.policy(), agent),
    ...(deps.healthTimings ? { timings: deps.healthTimings } : {}),
  });
  // A pane that closes after its program ended by itself leaves the agent `exited`, not `lost`. The fleet asks
  // from its queue (a microtask after the event): health has folded in the same `pane.closed` by then.
  fleet.programEnded = (agent) => health.programEnded(agent);
  const recovery = new RecoveryService({
    bus,
    clock,
    fleet,
    health,
    approvals,
    settings,
    log: new RecoveryLog(store),
    actions: createRecoveryActions({
      fleet,
      messages,
      backend,
      gate,
      approvals,
      resumableSession: (agent) => fleet.resumableSession(agent),
    }),
  });
  recovery.start();
  const prompts = new PromptService({
    backend,
    gate,
    bus,
    clock,
    fleet,
    observer,
    approvals,
    audit,
    pendingItems: () => approvals.list({ status: 'pending', kind: 'permission', limit: 1000 }),
    ...(deps.promptTimings ? { timings: deps.promptTimings } : {}),
  });
  const turns = new InterruptedTurns({ store, bus, clock, backend, gate, fleet });
  turns.start();
  return { health, recovery, prompts, turns };
}
