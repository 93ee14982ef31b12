import type { Caller, ViewerRights } from '@switchboard/protocol';
import { approvalHandlers } from './approvals/approval-handlers';
import type { ApprovalService } from './approvals/approval-service';
import { attentionHandlers } from './attention/attention-handlers';
import type { AttentionService } from './attention/attention-service';
import { auditHandlers } from './audit/audit-handlers';
import type { AuditLog } from './audit/audit-log';
import { auditedHandlers } from './audit/audited-handlers';
import type { AgentTokens } from './auth/agent-tokens';
import { tokenHandlers } from './auth/token-handlers';
import type { createCoordination } from './coordination/coordination-handlers';
import { flowHandlers } from './flows/flow-handlers';
import type { FlowService } from './flows/flow-service';
import type { HandlerMap } from './dispatch/handler';
import type { EventBus } from './events/event-bus';
import type { Arrangements } from './fleet/arrangements';
import type { CurrentTasks } from './fleet/current-tasks';
import { fleetHandlers, layoutHandlers } from './fleet/fleet-handlers';
import type { FleetService } from './fleet/fleet-service';
import { healthHandlers } from './health/health-handlers';
import type { HealthMonitor } from './health/health-monitor';
import { hostHandlers } from './hosts/host-handlers';
import type { HostRegistry } from './hosts/host-registry';
import { lockHandlers } from './locks/lock-handlers';
import type { LockService } from './locks/lock-service';
import { lockGuardedHandlers } from './locks/pane-lock-guard';
import { managerHandlers } from './managers/manager-handlers';
import type { ManagerService } from './managers/manager-service';
import type { createMemory } from './memory/memory-domain';
import { messageHandlers } from './messages/message-handlers';
import type { MessagingService } from './messages/messaging-service';
import { mirrorHandlers } from './panes/mirror-handlers';
import type { createPaneDomain } from './panes/pane-domain';
import { paneHandlers } from './panes/pane-handlers';
import { planHandlers } from './plans/plan-handlers';
import { quotaHandlers } from './quotas/quota-handlers';
import type { PlanService } from './plans/plan-service';
import type { PolicyStore } from './policy/policy-store';
import { withPromptHooks } from './prompts/prompt-hooks';
import type { PromptService } from './prompts/prompt-service';
import type { createRecordings } from './recordings/recording-domain';
import { recoveryHandlers } from './recovery/recovery-handlers';
import type { RetentionCommand } from './retention/retention-domain';
import type { RecoveryService } from './recovery/recovery-service';
import type { InterruptedTurns } from './recovery/interrupted-turns';
import type { RoleCatalog } from './roles/role-catalog';
import { roleHandlers } from './roles/role-handlers';
import type { HoldingLimits } from './quotas/holding-limits';
import { mergeHandlers } from './dispatch/merge-handlers';
import { spawningHandlers, type SpawningHandlerDeps } from './spawning/spawning-handlers';
import { terminalStatusHandlers } from './terminal-status/terminal-status-handlers';
import type { CliSessions } from './wiring/cli-sessions';

/** The running domains whose handlers together answer every command of the contract. */
export interface CoreDomains {
  /** What a caller's role shows it beyond its own things (a decider: the approval items it may decide). */
  rightsOf: (caller: Caller) => ViewerRights;
  /** What one agent may hold at once, and the fleet past which no agent spawns. */
  holdings: HoldingLimits;
  fleet: FleetService;
  spawning: SpawningHandlerDeps;
  arrangements: Arrangements;
  panes: ReturnType<typeof createPaneDomain>;
  locks: LockService;
  tokens: AgentTokens;
  approvals: ApprovalService;
  policies: PolicyStore;
  catalog: RoleCatalog;
  bus: EventBus;
  audit: AuditLog;
  messages: MessagingService;
  health: HealthMonitor;
  sessions: CliSessions;
  prompts: PromptService;
  attention: AttentionService;
  recovery: RecoveryService;
  turns: InterruptedTurns;
  plans: PlanService;
  managers: ManagerService;
  coordination: ReturnType<typeof createCoordination>;
  flows: FlowService;
  memory: ReturnType<typeof createMemory>;
  recordings: ReturnType<typeof createRecordings>;
  currentTasks: CurrentTasks;
  retention: HandlerMap<RetentionCommand>;
  hosts: HostRegistry;
}

/** Every domain's handlers merged into one map, privileged commands audited, pane writes lock-guarded. */
export function coreHandlers(d: CoreDomains): HandlerMap {
  return auditedHandlers(
    mergeHandlers(
      fleetHandlers(d.fleet, () => d.currentTasks.list()),
      spawningHandlers(d.spawning, d.holdings),
      layoutHandlers(d.fleet, d.arrangements),
      lockGuardedHandlers(paneHandlers(d.panes), d.locks, (targets) => d.panes.panes.resolveAll(targets)),
      tokenHandlers(d.fleet, d.tokens),
      approvalHandlers(d.approvals, d.policies, d.bus, d.rightsOf),
      lockHandlers(d.locks),
      roleHandlers(d.catalog, d.fleet, d.bus),
      auditHandlers(d.audit),
      messageHandlers(d.messages),
      // Claude Code's UserPromptSubmit hook confirms that a message copy or first task typed into the pane was
      // submitted: the typing watching for it, else the pane's last one if called unconfirmed up to 5 min before
      // (both typers share that per pane: the second call changes nothing); every hook names the agent's
      // conversation, which a restart resumes.
      withPromptHooks(
        healthHandlers(d.health, (agentId, report) => {
          d.sessions.noteHook(agentId, report.event, report.sessionId);
          if (report.event !== 'UserPromptSubmit') return;
          d.messages.signalSubmitted(agentId);
          d.spawning.tasks.signalSubmitted(agentId);
        }),
        d.prompts,
      ),
      attentionHandlers(d.attention),
      mirrorHandlers(d.panes.mirrors),
      d.panes.terminal.handlers,
      recoveryHandlers(d.recovery, (agentId, note) => d.currentTasks.reportStatus(agentId, note)),
      {
        'agent.continueTurn': (input) => d.turns.continueTurn(d.fleet.requireAgent(input.agent)),
      } satisfies HandlerMap<'agent.continueTurn'>,
      planHandlers(d.plans),
      managerHandlers(d.managers),
      d.coordination.handlers,
      flowHandlers(d.flows),
      d.memory.handlers,
      quotaHandlers({ fleet: d.fleet, memory: d.memory.service, messages: d.messages }),
      d.recordings.handlers,
      hostHandlers(d.hosts),
      d.retention,
      terminalStatusHandlers(d.fleet.status),
    ),
    d.audit,
  );
}
