export { PROTOCOL_VERSION } from './version';
export { ErrorCode, ErrorShape, SwitchboardError, invalidInput, toSwitchboardError } from './errors';
export { Caller, HUMAN_CALLER_ID, humanCaller } from './identity';
export {
  AGENT_ID_SHAPE,
  AGENT_ID_SHAPED_NAME,
  AgentName,
  AgentRef,
  findAgentByRef,
  hasAgentIdShape,
  Id,
  IsoTime,
  isReservedAgentName,
  Name,
  RESERVED_AGENT_NAMES,
  TeamRef,
  Timestamp,
} from './model/ids';
export {
  AGENT_TASK_MAX,
  Agent,
  AgentKind,
  AgentState,
  AgentTask,
  AgentTaskSource,
  AgentWorktree,
} from './model/agent';
export {
  ArrangementPlacements,
  ArrangementSummary,
  FleetLayout,
  LayoutNode,
  LayoutPreset,
  LayoutTab,
  LayoutWindow,
} from './model/layout';
export { HexColor, Team } from './model/team';
export { Host, HostName, LOCAL_HOST, SshUrl, parseSshUrl, type SshTarget } from './model/host';
export { FleetSnapshot } from './model/fleet';
export { BroadcastDomain, TerminalFocus } from './model/terminal';
export {
  Confidence,
  HealthSignal,
  HealthState,
  HealthTransition,
  HookEventName,
  OutputRateSeries,
  SignalSource,
} from './model/health';
export { PauseRecoveryInput, ReportHookInput } from './commands/health';
export { codexNotifyReportOf, hookJsonOf, hookReportOf, MAX_HOOK_INPUT_BYTES } from './commands/hook-reports';
export type { HookReport } from './commands/hook-reports';
export {
  AgentRecoveryStatus,
  HeartbeatSource,
  LastRecoveryStep,
  RecoveryAction,
  RecoveryLogEntry,
  RecoveryOutcome,
  RecoveryPolicy,
  RecoveryStep,
  RecoveryTrigger,
  StepBounds,
  CONTINUE_TURN_PROMPT,
  InterruptedState,
} from './model/recovery';
export { DEFAULT_RECOVERY_POLICY, RESTART_EXITED_LADDER } from './model/recovery-defaults';
export { ConfigureRecoveryInput, RecoveryStatusOutput } from './commands/recovery';
export {
  AUDIT_MIN_DAYS,
  AUDIT_MIN_ROWS,
  auditLimitsProblem,
  MAX_RETENTION_DAYS,
  MAX_RETENTION_ROWS,
  RetentionCounts,
  RetentionKind,
  RetentionLimits,
  RetentionStatus,
  RetentionSweep,
} from './model/retention';
export { ConfigureRetentionInput } from './commands/retention';
export { ConfigureTerminalStatusInput } from './commands/terminal-status';
export {
  STATUS_VARIABLES,
  StatusFormat,
  TabColorMode,
  TerminalAppearance,
  TerminalStatusSettings,
  TerminalStatusStyle,
  TerminalStatusStylePatch,
  formatProblems,
  type StatusVariable,
} from './model/terminal-status';
export {
  Approval,
  ApprovalDecision,
  ApprovalKind,
  ApprovalPayload,
  ApprovalPolicy,
  ApprovalStatus,
  ApprovalVerdict,
  PolicyAction,
  literalGlob,
} from './model/approval';
export {
  AttentionGroup,
  AttentionItem,
  AttentionKind,
  AttentionSettings,
  AttentionSeverity,
  AttentionSilence,
  PaneLocation,
} from './model/attention';
export { Lock, LockReleaseReason, LockResource, LockResourceKind } from './model/lock';
export {
  Arrival,
  Barrier,
  BarrierParties,
  BarrierState,
  LeaderChange,
  Leadership,
  Vote,
  VoteOutcome,
  VoteResult,
  VoteState,
} from './model/coordination';
export {
  FLOW_EVENTS_KEPT,
  FLOW_FIRINGS_KEPT,
  Flow,
  FlowAction,
  FlowActionResult,
  FlowBranch,
  FlowCondition,
  FlowEventRef,
  FlowFiring,
  FlowOutcome,
  FlowPattern,
  FlowPlanEvent,
  FlowSpec,
  FlowTrigger,
  MAX_FLOWS,
  MAX_FLOW_ACTIONS,
  MAX_FLOW_BRANCHES,
  MAX_FLOW_CONDITIONS,
} from './model/flow';
export { FlowDryRunHit } from './commands/flows';
export {
  Capability,
  DelegationStrategy,
  Manager,
  ManagerWorker,
  ManagerWorkerInput,
  WorkerStatus,
} from './model/manager';
export {
  MAX_PLAN_STEPS,
  Plan,
  PlanSpec,
  PlanState,
  PlanStep,
  PlanStepSpec,
  PlanStepState,
  PlanSummary,
  StepAssignee,
  StepFailure,
  StepId,
  StepValidation,
} from './model/plan';
export type { JsonValue } from './model/memory';
export {
  MAX_MEMORY_DEPTH,
  MAX_MEMORY_TAGS,
  MAX_MEMORY_VALUE,
  MemoryEntry,
  MemoryHit,
  MemoryKey,
  MemoryKeyRef,
  MemoryNamespace,
  MemoryNamespaceCount,
  MemoryTag,
  MemoryValue,
  jsonValueProblem,
} from './model/memory';
export { FleetSearchGroup, FleetSearchHit, SearchSource } from './commands/search';
export { QuotaUsage } from './commands/quotas';
export {
  ExportFormat,
  RecordedFrame,
  RecordingSummary,
  TimelineEvent,
  TimelineKind,
} from './commands/recordings';
export { BundleFile, BundleFileKind, BundleManifest, MAX_BUNDLE_BYTES } from './commands/recording-bundle';
export { applyFrame, fullFrameOf, type RecordedScreen } from './client/recorded-screen';
export { printable, SGR_RESET, sgrOf, styledRow } from './client/terminal-output';
export { frameOutput, frameStreamOutput, scrolledPastOutput } from './client/frame-output';
export { BUILT_IN_ROLES, RateLimit, Role } from './model/role';
export { AuditActor, AuditEntry, AuditOutcome, AuditProblem, AuditVerification } from './model/audit';
export { AddPolicyInput, DecideApprovalInput, MAX_WAIT_MS, RequestApprovalInput } from './commands/approvals';
export {
  HumanNotification,
  LinePattern,
  NotificationLevel,
  PaneTarget,
  PaneView,
  PaneWatch,
} from './model/pane';
export {
  DeliveryState,
  emptyFlowEdge,
  HUMAN_INBOX,
  InboxStatus,
  LatencySummary,
  Message,
  MessageAddress,
  MessageBody,
  MessageCascade,
  MessageFlowEdge,
  MessageKind,
  MessagePriority,
  PaneDeliveryState,
  PaneInputMode,
  RoleName,
} from './model/message';
export { defineCommand } from './commands/define';
export type { CallerKind, CommandDefinition } from './commands/define';
export {
  AbsolutePath,
  AgentClosed,
  BranchName,
  GitRevision,
  MoveAgentInput,
  MoveTeamInput,
  SpawnAgentInput,
} from './commands/fleet';
export {
  AgentTemplate,
  AgentTemplateSpec,
  CliArguments,
  FileTemplateSpec,
  InitialTask,
  ModelName,
  WorktreeSpec,
  agentSpecShape,
  bidiShown,
  hasControlCharacters,
} from './model/agent-spec';
export { FleetAgentEntry, FleetFile, FleetTeamEntry, MAX_FLEET_FILE_AGENTS } from './model/fleet-file';
export { ApplyFleetInput, FleetApplyResult, MAX_FLEET_SOURCE, UnmanagedSession } from './commands/spawning';
export { KEY_BYTES, NAMED_KEYS, PaneKey } from './model/keys';
export type { ControlKey, KeyName, NamedKey } from './model/keys';
export { SendMessageInput, SendMessageOutput } from './commands/messages';
export { commandNames, commands, isCommandName } from './commands/index';
export type { CommandInput, CommandName, CommandOutput, Commands, ParsedInput } from './commands/index';
export { defineEvent, eventEnvelope } from './events/define';
export { SwitchboardEvent } from './events/index';
export {
  MAX_STYLE_RUNS,
  SCREEN_STYLE_FLAGS,
  ScreenRow,
  ScreenStyleRun,
  TerminalColor,
} from './events/mirror';
export type { EventOf, EventType, NewEvent } from './events/index';
export type { Api, CallOptions, CallSignal, ConnectionStatus, Transport } from './transport';
export { callCommand, createClient } from './client/typed-client';
export type { Client, CommandCall } from './client/typed-client';
export { bindApi } from './client/bind-api';
export { apiUrl, createWebSocketTransport, whenOpen } from './client/websocket-transport';
export type {
  WebSocketConstructor,
  WebSocketLike,
  WebSocketTransportOptions,
} from './client/websocket-transport';
export { callMessage } from './wire-call';
export { Emitter } from './emitter';
export {
  applyEvent,
  emptyFleet,
  FORMER_NAMES_KEPT,
  fromSnapshot,
  hasGap,
  pendingApprovals,
  withInboxes,
} from './client/fleet-state';
export type { BackendStatus, FleetState, PromptAnswer, SideLists } from './client/fleet-state';
export {
  API_PATH,
  bearerTokenOf,
  ClientMessage,
  CODEX_HOOK_PATH,
  CODEX_STARTUP_TIMEOUT_SEC,
  HOOK_PATH,
  MCP_PATH,
  ServerMessage,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_SUBPROTOCOL,
} from './wire';
export { agentGrantOf, commandMetadata, readOnlyCommands } from './commands/metadata';
export type {
  AgentGrant,
  AuditMode,
  CommandMetadata,
  CommandResource,
  OutputAudience,
} from './commands/metadata';
export { eventAudience } from './audience/event-audience';
export type { EventAudience } from './audience/event-audience';
export { eventFor, outputFor } from './audience/view';
export {
  agentFor,
  agentMayDecide,
  approvalConcerns,
  approvalFor,
  approvalShown,
  lockFor,
  messageConcerns,
  NO_RIGHTS,
  publicAgent,
  withheldApproval,
} from './audience/public-facts';
export type { ViewerRights } from './audience/public-facts';
