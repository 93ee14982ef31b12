export { createOrchestrator, coreMigrations } from './orchestrator';
export type { Orchestrator, OrchestratorDeps } from './orchestrator';
export { systemClock, isoTime } from './ports/clock';
export type { Clock } from './ports/clock';
export type {
  BackendEvent, BackendLayout, KeyName, PaneAppearance, PaneInfo, PanePlacement, PaneSpec, ReadScreenOptions, ScreenSnapshot,
  SplitNode, TabLayout, TerminalBackend, WindowLayout,
} from './ports/terminal-backend';
export { KEY_SEQUENCES } from './ports/terminal-backend';
export { openStore } from './store/store';
export type { DomainMigrations, Migration, Store } from './store/store';
export { createMemoryBackend } from './backends/memory-backend';
export { insertSplit, layoutPanes, normalize, panesOf, removePane, treeViolations } from './layout/split-tree';
export { newToken, sameSecret } from './auth/agent-tokens';
export { createDispatcher } from './dispatch/dispatcher';
export type { Authorizer } from './dispatch/dispatcher';
export type { CallContext, Handler, HandlerMap } from './dispatch/handler';
export { AGENT_VARIABLE } from './fleet/fleet-service';
export { TEAM_COLORS } from './fleet/team-colors';
export { containsSecret, redactDeep, redactSecrets } from './secrets/redact';
export type { ApprovalQueue, ApprovalRequest, Waited } from './approvals/approval-service';
export type { LockService } from './locks/lock-service';
export { fileGlobsOverlap, resourcesOverlap } from './locks/resource-overlap';
export type { RoleGuard } from './roles/role-guard';
export { DEFAULT_ROLES } from './roles/role-defaults';
export { FLAG_COMMANDS, permissionFor } from './roles/role-permissions';
export { SYSTEM_ACTOR } from './audit/audit-log';
export type { AuditLog, AuditRecord } from './audit/audit-log';
export { isPrivileged } from './audit/audited-handlers';
export { MessagingService, defaultMessagingOptions } from './messages/messaging-service';
export type { MessagingDeps, MessagingOptions } from './messages/messaging-service';
export { manualHandoffDecider } from './messages/handoff-decider';
export type { HandoffDecider, HandoffDecision, HandoffPolicy, HandoffRequest } from './messages/handoff-decider';
export { PaneTyper, defaultPaneTyperOptions, looksSubmitted, paneLine } from './messages/pane-typer';
export type { PaneOutcome, PaneTyperOptions } from './messages/pane-typer';
