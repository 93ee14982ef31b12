export { createOrchestrator } from './orchestrator';
export { coreMigrations } from './core-migrations';
export type { Orchestrator, OrchestratorDeps } from './orchestrator-api';
export type { RecordingOptions } from './recordings/recording-options';
export type { RetentionOptions } from './retention/retention-settings';
export { DEFAULT_RETENTION_LIMITS, DEFAULT_RETENTION_INTERVAL_MINUTES } from './retention/retention-settings';
export { DEFAULT_SCREEN_PACE, type ScreenPace } from './panes/screen-observer';
export { DEFAULT_RECORDING_OPTIONS } from './recordings/recording-options';
export { systemClock, isoTime } from './ports/clock';
export type { Clock } from './ports/clock';
export { createMemoryLogger, logAt, newErrorId, silentLogger } from './ports/logger';
export type { LogFields, LogLevel, LogRecord, Logger } from './ports/logger';
export { backendEventIds, logListenerError } from './events/listener-errors';
export type {
  BackendEvent,
  BackendLayout,
  KeyName,
  MachineCommandResult,
  PaneAppearance,
  PaneInfo,
  PanePlacement,
  PaneSpec,
  PaneStatusLine,
  ReadScreenOptions,
  RemoteMachine,
  ScreenSnapshot,
  SplitNode,
  TabLayout,
  TerminalBackend,
  WindowLayout,
} from './ports/terminal-backend';
export { openStore } from './store/store';
export type { DomainMigrations, Migration, Store, StoreOptions } from './store/store';
export { WalSync } from './store/wal-sync';
export { createMemoryBackend } from './backends/memory-backend';
export { RoutingBackend, type RoutingBackendOptions } from './backends/routing-backend';
export { refuseRemoteSpec, splitHostId } from './backends/host-ids';
export { screenFrame } from './panes/screen-frame';
export type { FrameBody } from './panes/screen-frame';
export type { MemoryBackend, MemoryPaneView } from './backends/memory-backend';
export {
  insertSplit,
  layoutPanes,
  normalize,
  panesOf,
  removePane,
  treeViolations,
} from './layout/split-tree';
export { layoutProblems } from './layout/layout-problems';
export { newToken, sameSecret, secretMatcher } from './auth/agent-tokens';
export { createDispatcher } from './dispatch/dispatcher';
export type { Authorizer } from './dispatch/dispatcher';
export type { CallContext, Handler, HandlerMap } from './dispatch/handler';
export { AGENT_VARIABLE } from './fleet/pane-decoration';
export { DEFAULT_TERMINAL_STYLE } from './terminal-status/status-settings';
export { NO_TEAM_COLOR, safeText, stateTabColor } from './terminal-status/status-appearance';
export type { TerminalStatus } from './terminal-status/terminal-status';
export { agentStatusVariants, durationText, fleetSummaryText } from './terminal-status/status-bar-text';
export type { FleetService } from './fleet/fleet-service';
export { launcherPath } from './fleet/agent-secrets';
export { computeLayout, PANES_PER_TAB, UNASSIGNED_KEY } from './layout/fleet-layout';
export type { LayoutAgent, LayoutInput, LayoutTeam } from './layout/fleet-layout';
export { planLayout, paneLocations, toSplitNode } from './layout/layout-plan';
export { agentsOf, normalizeLayout } from './layout/pane-arrangements';
export { TEAM_COLORS, contrastRatio } from './fleet/team-colors';
export { HealthMonitor, defaultHungAfterMs } from './health/health-monitor';
export type { Heartbeat } from './health/heartbeats';
export { RecoveryService } from './recovery/recovery-service';
export { DEFAULT_RECOVERY_POLICY, hungAfterFor, mergePolicy } from './recovery/recovery-policy';
export { EXIT_GRACE_MS } from './recovery/recovery-episode';
export { replacementName } from './recovery/recovery-actions';
export type { RecoveryActions } from './recovery/recovery-actions';
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
export { AgentWiring } from './wiring/agent-wiring';
export type { AgentLaunch, LaunchPlan } from './wiring/agent-wiring';
export { claudeMcpConfig, claudeSettings } from './wiring/claude-wiring';
export { MCP_SERVER_NAME } from './wiring/wiring-files';
export { CUSTOM_SEQUENCE_IDENTITY, STATE_VARIABLE, parseDeclaredState } from './health/declared-state';
export { UNMANAGED_LIST_VARIABLES } from './terminal/unmanaged-watch';
export { readPrompt } from './prompts/screen-prompt';
export type { PromptChoice, ScreenPrompt } from './prompts/screen-prompt';
export { samePrompt } from './prompts/prompt-identity';
export type { PromptIdentity } from './prompts/prompt-identity';
export { pickOf, planAnswer } from './prompts/prompt-answer';
export type { PlannedAnswer } from './prompts/prompt-answer';
export { PromptService } from './prompts/prompt-service';
export type { PromptServiceDeps } from './prompts/prompt-service';
export { DEFAULT_PROMPT_TIMINGS, type PromptTimings } from './prompts/prompt-timings';
export { AttentionService, DEFAULT_ATTENTION_OPTIONS } from './attention/attention-service';
export { groupsOf } from './attention/attention-groups';
export type { AttentionDeps, AttentionOptions } from './attention/attention-service';
export { reactionsTo } from './attention/attention-rules';
export type { AgentLookup, Occurrence, Reaction, Resolution } from './attention/attention-rules';
export { containsSecret, redactDeep, redactSecrets } from './secrets/redact';
export type { ApprovalQueue, ApprovalRequest, Waited } from './approvals/approval-service';
export type { LockService } from './locks/lock-service';
export { fileGlobsOverlap, resourcesOverlap } from './locks/resource-overlap';
export type { RoleGuard } from './roles/role-guard';
export { DEFAULT_ROLES } from './roles/role-defaults';
export { FLAG_COMMANDS, permissionFor } from './roles/role-permissions';
export { SYSTEM_ACTOR } from './audit/audit-log';
export { GENESIS_HASH, entryHash } from './audit/audit-hash';
export type { AuditLog, AuditRecord } from './audit/audit-log';
export { isPrivileged } from './audit/audited-handlers';
export { MessagingService, defaultMessagingOptions } from './messages/messaging-service';
export type { MessagingDeps, MessagingOptions } from './messages/messaging-service';
export type { MemoryOptions } from './memory/memory-service';
export { defaultHoldingLimits, type HoldingLimits } from './quotas/holding-limits';
export { manualHandoffDecider } from './messages/handoff-decider';
export type {
  HandoffDecider,
  HandoffDecision,
  HandoffPolicy,
  HandoffRequest,
} from './messages/handoff-decider';
export { PaneTyper, defaultPaneTyperOptions, looksSubmitted, paneLine } from './messages/pane-typer';
export type { PaneOutcome, PaneTyperOptions } from './messages/pane-typer';
export { DEFAULT_HUMAN_QUIET_MS, PaneInputGate } from './panes/input-gate/pane-input-gate';
export type {
  GateResult,
  PaneBlock,
  PaneInputGateDeps,
  PaneWrite,
  WriteOrigin,
} from './panes/input-gate/pane-input-gate';
export { metricCatalog, noMetrics, secondsSince } from './ports/metrics';
export type {
  CounterName,
  GaugeName,
  GaugeReading,
  HistogramName,
  MetricLabels,
  MetricName,
  Metrics,
} from './ports/metrics';
export { noTracer, traceIdOf } from './ports/tracer';
export type { ActiveSpan, SpanAttributes, Tracer } from './ports/tracer';
export { measuredApi } from './telemetry/measured-api';
export type { CallTransport } from './telemetry/measured-api';
