import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventFor, humanCaller } from '@switchboard/protocol';
import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';
import { approvalHandlers } from './approvals/approval-handlers';
import { approvalMigrations } from './approvals/approval-migrations';
import { ApprovalService, type ApprovalQueue, type Identity } from './approvals/approval-service';
import { attentionHandlers } from './attention/attention-handlers';
import { attentionMigrations } from './attention/attention-migrations';
import { AttentionService, type AttentionOptions } from './attention/attention-service';
import { auditHandlers } from './audit/audit-handlers';
import { AuditLog } from './audit/audit-log';
import { auditMigrations } from './audit/audit-migrations';
import { auditedHandlers } from './audit/audited-handlers';
import { RefusalAudit } from './audit/refusal-audit';
import { AgentTokens } from './auth/agent-tokens';
import { tokenHandlers } from './auth/token-handlers';
import { tokenMigrations } from './auth/token-migrations';
import { createDispatcher, type Authorizer } from './dispatch/dispatcher';
import { agentCallerId, leavingCore } from './dispatch/leaving-core';
import type { HandlerMap } from './dispatch/handler';
import { EventBus } from './events/event-bus';
import { AgentPrivateFiles } from './fleet/agent-private-files';
import { AgentSecretsFiles } from './fleet/agent-secrets';
import { Arrangements } from './fleet/arrangements';
import { fleetHandlers, layoutHandlers } from './fleet/fleet-handlers';
import { fleetMigrations } from './fleet/fleet-migrations';
import { FleetService } from './fleet/fleet-service';
import type { HealthTimings } from './health/evidence';
import { healthHandlers } from './health/health-handlers';
import { healthMigrations } from './health/health-migrations';
import { HealthMonitor } from './health/health-monitor';
import { lockHandlers } from './locks/lock-handlers';
import { lockMigrations } from './locks/lock-migrations';
import { LockService } from './locks/lock-service';
import { lockGuardedHandlers } from './locks/pane-lock-guard';
import { createCoordination } from './coordination/coordination-handlers';
import { flowHandlers } from './flows/flow-handlers';
import { flowMigrations } from './flows/flow-migrations';
import { FlowService } from './flows/flow-service';
import { coordinationMigrations } from './coordination/coordination-migrations';
import { managerHandlers } from './managers/manager-handlers';
import { managerMigrations } from './managers/manager-migrations';
import { ManagerService } from './managers/manager-service';
import { createMemory, memoryMigrations, searchMigrations } from './memory/memory-domain';
import { approvalHandoffDecider } from './messages/approval-handoff-decider';
import type { HandoffDecider } from './messages/handoff-decider';
import { createRecordings, recordingMigrations } from './recordings/recording-domain';
import type { RecordingOptions } from './recordings/recording-options';
import { messageHandlers } from './messages/message-handlers';
import { messageMigrations } from './messages/message-migrations';
import { MessagingService, type MessagingOptions } from './messages/messaging-service';
import { deliverWatchMatchesToInboxes } from './messages/watch-inbox';
import { paneMigrations } from './panes/pane-migrations';
import { createPaneDomain } from './panes/pane-domain';
import { ScreenObserver } from './panes/screen-observer';
import { PaneInputGate } from './panes/input-gate/pane-input-gate';
import { paneHandlers } from './panes/pane-handlers';
import { mirrorHandlers } from './panes/mirror-handlers';
import { fleetAssignees } from './plans/plan-assignees';
import { planHandlers } from './plans/plan-handlers';
import { planMigrations } from './plans/plan-migrations';
import { PlanService } from './plans/plan-service';
import { policyMigrations } from './policy/policy-migrations';
import { withPromptHooks } from './prompts/prompt-hooks';
import { PromptService } from './prompts/prompt-service';
import type { PromptTimings } from './prompts/prompt-timings';
import { PolicyStore } from './policy/policy-store';
import { isoTime, systemClock, type Clock } from './ports/clock';
import { logAt, silentLogger, type Logger } from './ports/logger';
import { loggedBackend } from './backends/logged-backend';
import { measuredBackend } from './backends/measured-backend';
import { noMetrics, type Metrics } from './ports/metrics';
import { noTracer, type Tracer } from './ports/tracer';
import { recordFleetMetrics } from './telemetry/fleet-metrics';
import { recordApprovalSpans } from './telemetry/approval-spans';
import type { TerminalBackend } from './ports/terminal-backend';
import { createRecoveryActions } from './recovery/recovery-actions';
import { recoveryHandlers } from './recovery/recovery-handlers';
import { RecoveryLog } from './recovery/recovery-log';
import { recoveryMigrations } from './recovery/recovery-migrations';
import { hungAfterFor } from './recovery/recovery-policy';
import { RecoveryService } from './recovery/recovery-service';
import { RecoverySettings } from './recovery/recovery-settings';
import { RateLimiter } from './roles/rate-limiter';
import { RoleCatalog } from './roles/role-catalog';
import { RoleGuard } from './roles/role-guard';
import { roleHandlers } from './roles/role-handlers';
import { roleMigrations } from './roles/role-migrations';
import { InitialTasks, type InitialTaskOptions } from './spawning/initial-tasks';
import { SpawnService } from './spawning/spawn-service';
import { spawningHandlers } from './spawning/spawning-handlers';
import { spawningMigrations } from './spawning/spawning-migrations';
import { TemplateStore } from './spawning/template-store';
import { redactionMigrations } from './secrets/redaction-migrations';
import { openStore, tracedStore, type DomainMigrations } from './store/store';
import { AgentWiring } from './wiring/agent-wiring';
import { CliSessions } from './wiring/cli-sessions';
import { wiringMigrations } from './wiring/wiring-migrations';

/** Every domain's schema, in the order domains depend on each other. */
export const coreMigrations: readonly DomainMigrations[] = [
  fleetMigrations, tokenMigrations, paneMigrations, auditMigrations, roleMigrations, policyMigrations, approvalMigrations, lockMigrations, healthMigrations,
  messageMigrations, recoveryMigrations, attentionMigrations, wiringMigrations, planMigrations, managerMigrations, spawningMigrations, coordinationMigrations,
  memoryMigrations, searchMigrations, recordingMigrations, flowMigrations,
];

export interface OrchestratorDeps {
  /** SQLite file path, or `:memory:`. */
  databasePath: string;
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
  readonly flows: FlowService; // event → conditions → a branch of actions, run as their owner
  close(): Promise<void>;
}

export function createOrchestrator(given: OrchestratorDeps): Orchestrator {
  const clock = given.clock ?? systemClock;
  const logger = given.logger ?? silentLogger;
  const metrics = given.metrics ?? noMetrics;
  const tracer = given.tracer ?? noTracer;
  const logged = given.logger ? loggedBackend(given.backend, logger) : given.backend;
  const deps: OrchestratorDeps = { ...given, backend: given.metrics || given.tracer ? measuredBackend(logged, metrics, tracer) : logged };
  const dataDir = deps.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-'));
  const privates = new AgentPrivateFiles(dataDir);
  const store = tracedStore(openStore(deps.databasePath, [...coreMigrations, redactionMigrations((agentId, command, redacted) => privates.keepRealCommand(agentId, command, redacted))]), tracer);
  const bus = new EventBus(clock, logger);
  const tokens = new AgentTokens(store, () => isoTime(clock));
  const sessions = new CliSessions(store, () => isoTime(clock));
  const fleet = new FleetService({
    store,
    backend: deps.backend,
    bus,
    clock,
    tokens,
    wiring: new AgentWiring({ dataDir, secrets: new AgentSecretsFiles(dataDir, deps.launcherPath), privates, sessions, hookCommand: deps.claudeHookCommand, codexNotifyCommand: deps.codexNotifyCommand }),
    hostUrl: deps.hostUrl ?? (() => ''),
    worktreeRoot: join(dataDir, 'worktrees'),
    logger,
  });
  const arrangements = new Arrangements(fleet, bus, clock);
  const audit = new AuditLog(store, clock);
  const catalog = new RoleCatalog(store, clock);
  const refusals = new RefusalAudit(audit, clock);
  const roles = new RoleGuard({ catalog, limiter: new RateLimiter(clock), refusals, findAgent: (id) => fleet.repository.findAgent(id) });
  const policies = new PolicyStore(store, clock);
  const identify = (id: string): Identity => {
    const agent = fleet.repository.findAgent(id);
    if (!agent) return { names: [id], team: [] };
    const team = agent.teamId === null ? undefined : fleet.repository.findTeam(agent.teamId);
    return { names: [agent.id, agent.name], team: team ? [team.id, team.name] : [] };
  };
  const approvals = new ApprovalService({ store, bus, clock, audit, policies, identify, tracer });
  const locks = new LockService({ store, bus, clock, audit, approvals, nameOf: (id) => fleet.repository.findAgent(id)?.name ?? id });
  approvals.start();
  locks.start();

  const extra = deps.authorize;
  // Side-effect free (no audit, no rate token): for domains that ask "may this caller?" without calling.
  const permits: Authorizer = (caller, name, input) => {
    roles.check(caller, name);
    extra?.(caller, name, input);
  };
  const assertPaneAccess = (caller: Caller, paneId: string) => locks.assertAccess(caller, { kind: 'pane', name: paneId });
  // The prompt service answers through the gate, and the gate asks it for open prompt items: bound once both exist.
  const promptItems: { service?: PromptService } = {};
  const gate = new PaneInputGate({
    backend: deps.backend, clock, bus, audit, assertPaneAccess,
    agentOfPane: (paneId) => fleet.repository.listAgents().find((agent) => agent.paneId === paneId),
    assertMayWritePane: (writer, paneAgent) => roles.assertMayWritePane(writer, paneAgent),
    openPromptItem: (agentId) => promptItems.service?.openPromptOf(agentId),
    ...(deps.humanQuietMs === undefined ? {} : { humanQuietMs: deps.humanQuietMs }),
  });
  // One reader of each pane's screen for health, prompts, mirrors and output followers.
  const observer = new ScreenObserver({
    backend: deps.backend, clock, onListenerError: (err, paneId) => logAt.error(logger, 'a screen consumer failed', { component: 'screen-observer', paneId, err }),
  });
  const paneDomain = createPaneDomain({
    store, backend: deps.backend, bus, clock, fleet, authorize: permits, gate,
    assertPaneAccess, observer,
  });
  const messages = new MessagingService({
    store, bus, clock, backend: deps.backend, gate, fleet, roles, audit, tracer,
    decider: deps.handoffDecider ?? approvalHandoffDecider(approvals),
    ...(deps.messaging ? { options: deps.messaging } : {}),
  });
  messages.start();
  const stopWatchInbox = deliverWatchMatchesToInboxes(bus, messages);
  const recoverySettings = new RecoverySettings(store);
  const health = new HealthMonitor({
    store, backend: deps.backend, bus, clock, fleet, observer, hungAfterMs: (agent) => hungAfterFor(recoverySettings.policy(), agent),
    ...(deps.healthTimings ? { timings: deps.healthTimings } : {}),
  });
  const recovery = new RecoveryService({
    bus, clock, fleet, health, approvals, settings: recoverySettings, log: new RecoveryLog(store),
    actions: createRecoveryActions({ fleet, messages, backend: deps.backend, gate, approvals, resumableSession: (agent) => fleet.resumableSession(agent) }),
  });
  recovery.start();
  const prompts = new PromptService({
    backend: deps.backend, gate, bus, clock, fleet, observer, approvals, audit,
    pendingItems: () => approvals.list({ status: 'pending', kind: 'permission', limit: 1000 }),
    ...(deps.promptTimings ? { timings: deps.promptTimings } : {}),
  });
  promptItems.service = prompts;
  const attention = new AttentionService({
    store, bus, clock, fleet, backend: deps.backend, focusPane: (agentId) => paneDomain.panes.focus(agentId), ...(deps.attention ? { options: deps.attention } : {}),
  });

  const templates = new TemplateStore(store);
  const initialTasks = new InitialTasks({ store, bus, clock, backend: deps.backend, gate, fleet, ...(deps.initialTasks ? { options: deps.initialTasks } : {}) });
  initialTasks.start();
  const spawning = new SpawnService({ fleet, templates, tasks: initialTasks, store });
  const fleetView = { findAgent: (ref: string) => fleet.repository.findAgent(ref), listAgents: () => fleet.repository.listAgents() };
  // Managers pick workers for plan steps, and delegate by creating plans: the plan service is bound once both exist.
  const planService: { current?: PlanService } = {};
  const managers = new ManagerService({
    store, bus, clock, fleet: fleetView,
    runningSteps: () => planService.current!.runner.runningSteps(),
    createPlan: (caller, spec) => planService.current!.create(caller, spec),
  });
  const plans = new PlanService({
    store, bus, clock, approvals, logger, assignees: fleetAssignees(fleetView, managers), send: (sender, input) => messages.send(sender, input),
    messageBody: (messageId) => messages.repository.findMessage(messageId)?.body,
  });
  planService.current = plans;
  const memory = createMemory({ store, bus, clock, fleet: fleet.repository, plans });
  const recordings = createRecordings({
    store, bus, clock, observer, dataDir, fleet: fleetView, ...(deps.recordings ? { options: deps.recordings } : {}),
    onError: (err, agentId) => logAt.error(logger, 'a recording chunk was not written', { component: 'recorder', agentId, err }),
  });
  const coordination = createCoordination({ store, bus, clock, logger, fleet: fleet.repository, send: (sender, input) => messages.send(sender, input) });
  // Flows act through the dispatcher (bound below), as their owner: the same roles, rate limits and audit as a direct call.
  const flows = new FlowService({ store, bus, clock, logger, dispatch: (caller, name, input) => dispatch(caller, name, input), agentId: (ref) => fleetView.findAgent(ref)?.id,
    agentName: (id) => fleetView.findAgent(id)?.name, planName: (id) => plans.runner.repository.nameOf(id) });

  const handlers: HandlerMap = auditedHandlers(
    {
      ...fleetHandlers(fleet),
      ...spawningHandlers({ fleet, spawning, templates, backend: deps.backend, bus, clock, dataDir }),
      ...layoutHandlers(fleet, arrangements),
      ...lockGuardedHandlers(paneHandlers(paneDomain), locks, (targets) => paneDomain.panes.resolveAll(targets)),
      ...tokenHandlers(fleet, tokens),
      ...approvalHandlers(approvals, policies, bus),
      ...lockHandlers(locks),
      ...roleHandlers(catalog, fleet, bus),
      ...auditHandlers(audit),
      ...messageHandlers(messages),
      // Claude Code's UserPromptSubmit hook confirms that text messaging typed into the pane was submitted;
      // every hook names the agent's conversation, which a restart resumes.
      ...withPromptHooks(healthHandlers(health, (agentId, report) => {
        sessions.noteHook(agentId, report.event, report.sessionId);
        if (report.event === 'UserPromptSubmit') messages.signalSubmitted(agentId);
      }), prompts),
      ...attentionHandlers(attention),
      ...mirrorHandlers(paneDomain.mirrors),
      ...recoveryHandlers(recovery),
      ...planHandlers(plans),
      ...managerHandlers(managers),
      ...coordination.handlers,
      ...flowHandlers(flows),
      ...memory.handlers,
      ...recordings.handlers,
    },
    audit,
  );
  const dispatch = createDispatcher(handlers, (caller, name, input) => {
    roles.authorize(caller, name, input);
    extra?.(caller, name, input);
  }, logger, tracer);

  const agentStates = () => fleet.repository.listAgents().map((agent) => health.get(agent.id).state);
  const stopMetrics = given.metrics ? recordFleetMetrics({ metrics, store, subscribe: (listener) => bus.subscribe(listener), now: () => clock.now(), agentStates }) : () => undefined;
  const stopApprovalSpans = tracer.enabled ? recordApprovalSpans(tracer, store, (listener) => bus.subscribe(listener), () => clock.now()) : () => undefined;

  // Re-bind the fleet to whatever panes survived; a backend that cannot answer leaves agents as stored.
  const ready = fleet.reconcile().then(() => undefined, () => undefined);
  // Plans resume once the fleet knows its panes again (a step may be waiting for an agent that came back).
  void ready.then(() => {
    plans.start((listener) => approvals.onDidDecide(listener));
    coordination.start();
    flows.start();
  });

  return {
    fleet,
    ready,
    health,
    approvals,
    locks,
    roles,
    audit,
    messages,
    recovery,
    prompts,
    gate,
    attention,
    plans,
    managers,
    flows,
    invoke: async (caller, name, input) => {
      await ready;
      // Any call an agent makes is a sign of life (MCP calls, hooks); health.heartbeat beats in its handler.
      const agentId = agentCallerId(caller);
      if (agentId !== undefined && name !== 'health.heartbeat') health.heartbeat(agentId, name === 'health.reportHook' ? 'hook' : 'call');
      // A call other than a hook report means the agent reads its inbox itself: panes get a "messages wait" line, not the text.
      if (agentId !== undefined && !name.startsWith('health.')) messages.noteEndpointUse(agentId);
      return leavingCore(caller, name, await dispatch(caller, name, input));
    },
    subscribe: (listener: (event: SwitchboardEvent) => void, viewer: Caller = humanCaller) =>
      bus.subscribe((event) => {
        const seen = eventFor(viewer, event);
        if (seen) listener(seen);
      }),
    authenticateAgent: (token) => tokens.authenticate(token),
    onTokensRevoked: (listener) => tokens.onRevoked(listener),
    async close() {
      await flows.stop();
      plans.stop();
      coordination.stop();
      memory.stop();
      recovery.close();
      initialTasks.close();
      stopMetrics();
      stopApprovalSpans();
      stopWatchInbox();
      messages.close();
      attention.close();
      prompts.close();
      gate.close();
      health.close();
      await fleet.idle();
      fleet.dispose();
      paneDomain.close();
      recordings.close();
      observer.close();
      locks.stop();
      approvals.stop();
      refusals.flush();
      store.close();
    },
  };
}
