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
export type { MemoryBackend, MemoryPaneView } from './backends/memory-backend';
export { insertSplit, layoutPanes, normalize, panesOf, removePane, treeViolations } from './layout/split-tree';
export { newToken, sameSecret } from './auth/agent-tokens';
export { createDispatcher } from './dispatch/dispatcher';
export type { Authorizer } from './dispatch/dispatcher';
export type { CallContext, Handler, HandlerMap } from './dispatch/handler';
export { AGENT_VARIABLE, badgeFor } from './fleet/fleet-service';
export type { FleetService } from './fleet/fleet-service';
export { launcherPath } from './fleet/agent-secrets';
export { computeLayout, UNASSIGNED_KEY } from './layout/fleet-layout';
export type { LayoutAgent, LayoutInput, LayoutTeam } from './layout/fleet-layout';
export { planLayout, paneLocations, toSplitNode } from './layout/layout-plan';
export { agentsOf, normalizeLayout } from './layout/pane-arrangements';
export { TEAM_COLORS, contrastRatio } from './fleet/team-colors';
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
