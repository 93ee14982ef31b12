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
export { HealthMonitor } from './health/health-monitor';
export type { HealthMonitorDeps } from './health/health-monitor';
export { DEFAULT_TIMINGS } from './health/evidence';
export type { Evidence, HealthTimings } from './health/evidence';
export { decide } from './health/decide';
export type { Decision } from './health/decide';
export { StateTracker } from './health/state-tracker';
export { detectorFor } from './health/detectors/detector-for-kind';
export { claudeCodeDetector } from './health/detectors/claude-code';
export { codexDetector } from './health/detectors/codex';
export { geminiCliDetector } from './health/detectors/gemini-cli';
export { shellDetector } from './health/detectors/shell';
export type { ScreenDetector, ScreenVerdict } from './health/detectors/screen-detector';
export { claudeSettingsPath, installClaudeHooks } from './health/claude-hooks';
export { CUSTOM_SEQUENCE_IDENTITY, STATE_VARIABLE, parseDeclaredState } from './health/declared-state';
