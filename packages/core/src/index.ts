export { createOrchestrator, coreMigrations } from './orchestrator';
export type { Orchestrator, OrchestratorDeps } from './orchestrator';
export { systemClock, isoTime } from './ports/clock';
export type { Clock } from './ports/clock';
export type {
  BackendEvent, BackendLayout, PaneAppearance, PaneInfo, PanePlacement, PaneSpec, ScreenSnapshot, SplitNode,
  TabLayout, TerminalBackend, WindowLayout,
} from './ports/terminal-backend';
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
