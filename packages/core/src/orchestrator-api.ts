import type { Api, Caller } from '@switchboard/protocol';
import type { ApprovalQueue } from './approvals/approval-service';
import type { AttentionOptions, AttentionService } from './attention/attention-service';
import type { AuditLog } from './audit/audit-log';
import type { Authorizer } from './dispatch/dispatcher';
import type { FleetService } from './fleet/fleet-service';
import type { FlowService } from './flows/flow-service';
import type { HealthTimings } from './health/evidence';
import type { HealthMonitor } from './health/health-monitor';
import type { LockService } from './locks/lock-service';
import type { ManagerService } from './managers/manager-service';
import type { MemoryOptions } from './memory/memory-service';
import type { HandoffDecider } from './messages/handoff-decider';
import type { MessagingOptions, MessagingService } from './messages/messaging-service';
import type { PaneInputGate } from './panes/input-gate/pane-input-gate';
import type { ScreenPace } from './panes/screen-observer';
import type { PlanService } from './plans/plan-service';
import type { Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { Metrics } from './ports/metrics';
import type { TerminalBackend } from './ports/terminal-backend';
import type { Tracer } from './ports/tracer';
import type { StoreOptions } from './store/store';
import type { PromptService } from './prompts/prompt-service';
import type { PromptTimings } from './prompts/prompt-timings';
import type { RecordingOptions } from './recordings/recording-options';
import type { RecoveryService } from './recovery/recovery-service';
import type { RetentionOptions } from './retention/retention-settings';
import type { RetentionSweeper } from './retention/retention-sweeper';
import type { RoleGuard } from './roles/role-guard';
import type { InitialTaskOptions } from './spawning/initial-tasks';
import type { HoldingLimits } from './quotas/holding-limits';

/** What the orchestrator is built from: the store, the terminal backend and optional ports and timings. */
export interface OrchestratorDeps {
  /** SQLite file path, or `:memory:`. */
  databasePath: string;
  /** How commits reach the disk: group commit (default) or an fsync each (`{ groupCommit: false }`); a disk-image port for tests. */
  store?: StoreOptions;
  backend: TerminalBackend;
  clock?: Clock;
  /** An extra check after the role catalog's (which always runs and cannot be replaced). */
  authorize?: Authorizer;
  /**
   * The user's data folder: agents' launch and wiring files (`agents/`, 0700) and default worktrees
   * (`worktrees/`) go here. A private temporary folder when absent (tests).
   */
  dataDir?: string;
  /** The host's base URL for agents (SWITCHBOARD_URL); a getter because the host learns its port after core starts. */
  hostUrl?: () => string;
  /** Decides held handoffs; default: the approval queue (approval kind `handoff`). */
  handoffDecider?: HandoffDecider;
  messaging?: Partial<MessagingOptions>;
  /** What agents' CLIs run to report to the host: Claude Code's hooks (`node …/switchboard.js hook`), Codex's notify argv (`… hook --codex`); none without. */
  claudeHookCommand?: string;
  codexNotifyCommand?: readonly string[];
  /** The launcher script every agent pane runs (`/bin/sh <it> <launch file>`); default packages/core/launcher/launch-agent.sh. */
  launcherPath?: string;
  /** State-detection timings (debounce, output recency, unsure, hook staleness). */
  healthTimings?: Partial<HealthTimings>;
  /** How panes that keep printing are read (the busy pace health and recordings agree on, the read on a pause). */
  screenPace?: Partial<ScreenPace>;
  /** Permission prompts → approval items: settle, confirm and retry timings. */
  promptTimings?: Partial<PromptTimings>;
  /** Notifications: the per-agent, per-kind cool-down. */
  attention?: Partial<AttentionOptions>;
  /** Initial tasks typed at spawn: how long to wait for the CLI to be ready, typing timings. */
  initialTasks?: Partial<InitialTaskOptions>;
  /** "Take control": how long automated input to a pane pauses after the human typed into it (ms; 0: off). */
  humanQuietMs?: number;
  /** Where core's log lines go (the host: a redacted JSON file in the data folder); silent when absent. */
  logger?: Logger;
  /** Where core counts and times (the host: a Prometheus registry behind `/metrics`); nothing when absent. */
  metrics?: Metrics;
  /** Where core's spans go (the host: OpenTelemetry when an OTLP endpoint is configured); none when absent. */
  tracer?: Tracer;
  /** Recordings of every managed pane: on by default; frame rate, chunking and size bounds. */
  recordings?: Partial<RecordingOptions>;
  /** Shared memory: entries per namespace, bytes per agent (its quota). */
  memory?: Partial<MemoryOptions>;
  /** What the store keeps of finished rows (limits per kind, sweep interval) before the human configures it. */
  retention?: Partial<RetentionOptions>;
  /** How many live things one agent may hold: leases, open barriers and votes, leader groups, plans, managers. */
  holdings?: Partial<HoldingLimits>;
}

/** The orchestrator: the contract's API over the store and the terminal backend. */
export interface Orchestrator extends Api {
  /** The agent a bearer token belongs to, if any. */
  authenticateAgent(token: string): Caller | undefined;
  /** Calls `listener` after an agent's tokens were revoked (closed, restarted, `agent.revokeTokens`), so servers drop its connections. */
  onTokensRevoked(listener: (agentId: string) => void): () => void;
  readonly fleet: FleetService;
  /** Resolves once the fleet has been re-bound to the live panes after start (calls wait for it too). */
  readonly ready: Promise<void>;
  readonly health: HealthMonitor;
  /** The approval queue, for domains that raise items and await decisions. */
  readonly approvals: ApprovalQueue;
  /** Leases, for domains whose write paths must respect them (`assertAccess`). */
  readonly locks: LockService;
  /** Role checks beyond the per-command one (`assertMayMessage`). */
  readonly roles: RoleGuard;
  readonly audit: AuditLog;
  readonly messages: MessagingService;
  /** Hang detection's other half: the recovery ladder, pauses, breakers and the recovery log. */
  readonly recovery: RecoveryService;
  /** Permission prompts in panes, raised as approval items and answered when decided. */
  readonly prompts: PromptService;
  /** The one path for every write into a pane (rights, permission prompts, the human's control). */
  readonly gate: PaneInputGate;
  /** Notifications: raise your own with `attention.notify` (de-duplicated and rate-limited like the rest). */
  readonly attention: AttentionService;
  /** Plans: DAGs of steps sent to agents as instructions, run and resumed from SQLite. */
  readonly plans: PlanService;
  /** Managers: worker pools with a delegation strategy. */
  readonly managers: ManagerService;
  /** Flows: event → conditions → a branch of actions, run as their owner. */
  readonly flows: FlowService;
  /** The retention sweeper (`retention.sweep` without the call's audit entry: tests, benches). */
  readonly retention: RetentionSweeper;
  close(): Promise<void>;
}
