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
export { insertSplit, layoutPanes, normalize, panesOf, removePane, treeViolations } from './layout/split-tree';
export { newToken, sameSecret } from './auth/agent-tokens';
export { createDispatcher } from './dispatch/dispatcher';
export type { Authorizer } from './dispatch/dispatcher';
export type { CallContext, Handler, HandlerMap } from './dispatch/handler';
export { AGENT_VARIABLE } from './fleet/fleet-service';
export { TEAM_COLORS } from './fleet/team-colors';
export { MessagingService, defaultMessagingOptions } from './messages/messaging-service';
export type { MessagingDeps, MessagingOptions } from './messages/messaging-service';
export { manualHandoffDecider } from './messages/handoff-decider';
export type { HandoffDecider, HandoffDecision, HandoffPolicy, HandoffRequest } from './messages/handoff-decider';
export { PaneTyper, defaultPaneTyperOptions, looksSubmitted, paneLine } from './messages/pane-typer';
export type { PaneOutcome, PaneTyperOptions } from './messages/pane-typer';
