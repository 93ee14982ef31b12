import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventFor, humanCaller } from '@switchboard/protocol';
import type { Caller, CommandName, SwitchboardEvent } from '@switchboard/protocol';
import { coreHandlers } from './core-handlers';
import { createRetention } from './retention/retention-domain';
import { orchestratorMigrations } from './core-migrations';
import { AttentionService } from './attention/attention-service';
import { createDispatcher, permitsWithoutInput } from './dispatch/dispatcher';
import { agentCallerId, leavingCore } from './dispatch/leaving-core';
import { EventBus } from './events/event-bus';
import { AgentPrivateFiles } from './fleet/agent-private-files';
import { createFleet } from './fleet/fleet-domain';
import { HostRegistry } from './hosts/host-registry';
import { createCoordination } from './coordination/coordination-handlers';
import { FlowService } from './flows/flow-service';
import { createMemory } from './memory/memory-domain';
import { approvalHandoffDecider } from './messages/approval-handoff-decider';
import { MessagingService } from './messages/messaging-service';
import { tellAgentsTheirDecisions } from './messages/decision-replies';
import { createRecordings } from './recordings/recording-domain';
import { deliverWatchMatchesToInboxes } from './messages/watch-inbox';
import { createPaneDomain } from './panes/pane-domain';
import { ScreenObserver } from './panes/screen-observer';
import { PaneInputGate } from './panes/input-gate/pane-input-gate';
import { createOversight } from './oversight-domain';
import { createPlanning } from './planning-domain';
import { createSupervision } from './supervision-domain';
import type { PromptService } from './prompts/prompt-service';
import { systemClock } from './ports/clock';
import { logListenerError } from './events/listener-errors';
import { logAt, silentLogger } from './ports/logger';
import { loggedBackend } from './backends/logged-backend';
import { measuredBackend } from './backends/measured-backend';
import { noMetrics } from './ports/metrics';
import { noTracer } from './ports/tracer';
import { startCoreTelemetry } from './telemetry/core-telemetry';
import { CurrentTasks } from './fleet/current-tasks';
import { McpPresence } from './spawning/mcp-presence';
import { createSpawning } from './spawning/spawning-domain';
import { paneTypingsOf } from './messages/pane-typings';
import { viewerRights } from './roles/viewer-rights';
import { openStore, tracedStore } from './store/store';
import { defaultHoldingLimits } from './quotas/holding-limits';
import type { Orchestrator, OrchestratorDeps } from './orchestrator-api';

/** Builds every domain over one store and backend, and answers the contract's API through their handlers. */
export function createOrchestrator(given: OrchestratorDeps): Orchestrator {
  const clock = given.clock ?? systemClock;
  const logger = given.logger ?? silentLogger;
  const metrics = given.metrics ?? noMetrics;
  const tracer = given.tracer ?? noTracer;
  const logged = given.logger ? loggedBackend(given.backend, logger) : given.backend;
  const deps: OrchestratorDeps = {
    ...given,
    backend: given.metrics || given.tracer ? measuredBackend(logged, metrics, tracer) : logged,
  };
  // Without a data folder the orchestrator makes its own, and removes it when closed.
  const dataDir = deps.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-'));
  const privates = new AgentPrivateFiles(dataDir, logger);
  const store = tracedStore(
    openStore(deps.databasePath, orchestratorMigrations(privates), deps.store),
    tracer,
  );
  const bus = new EventBus(clock, logger);
  const { fleet, tokens, sessions, arrangements } = createFleet({
    store,
    backend: deps.backend,
    bus,
    clock,
    logger,
    dataDir,
    privates,
    knownRole: (name) => catalog.has(name), // called on spawns only, once the catalog below exists
    hostUrl: deps.hostUrl,
    launcherPath: deps.launcherPath,
    claudeHookCommand: deps.claudeHookCommand,
    codexNotifyCommand: deps.codexNotifyCommand,
  });
  const holdings = { ...defaultHoldingLimits, ...deps.holdings };
  const { audit, catalog, refusals, roles, policies, approvals, locks, stopGone } = createOversight({
    store,
    bus,
    clock,
    tracer,
    fleet: fleet.repository,
    logger,
    holdings,
  });
  fleet.status.seedApprovals(approvals.list({ status: 'pending', limit: 1000 }));
  // Side-effect free (no audit, no rate token): for domains that ask "may this caller?" without calling.
  const mayCall = (caller: Caller, name: CommandName) =>
    roles.mayCall(caller, name) && (!deps.authorize || permitsWithoutInput(deps.authorize, caller, name));
  const rightsOf = (caller: Caller) => viewerRights(mayCall, caller);
  const assertPaneAccess = (caller: Caller, paneId: string) =>
    locks.assertAccess(caller, { kind: 'pane', name: paneId });
  // The prompt service answers through the gate, and the gate asks it for open prompt items: bound once both exist.
  const promptItems: { service?: PromptService } = {};
  const gate = new PaneInputGate({
    backend: deps.backend,
    clock,
    bus,
    audit,
    assertPaneAccess,
    agentOfPane: (paneId) => fleet.repository.agentInPane(paneId),
    assertMayWritePane: (writer, paneAgent) => roles.assertMayWritePane(writer, paneAgent),
    openPromptItem: (agentId) => promptItems.service?.openPromptOf(agentId),
    ...(deps.humanQuietMs === undefined ? {} : { humanQuietMs: deps.humanQuietMs }),
  });
  // One reader of each pane's screen for health, prompts, mirrors and output followers.
  const observer = new ScreenObserver({
    backend: deps.backend,
    clock,
    ...(deps.screenPace ? { pace: deps.screenPace } : {}),
    onListenerError: logListenerError(logger, 'screen-observer', 'screen read', (paneId: string) => ({
      paneId,
    })),
  });
  const mcpPresence = new McpPresence(
    bus,
    store,
    (id) => fleet.repository.findAgent(id)?.paneId,
    (listener) => tokens.onRevoked(listener),
    logger,
  );
  // Every relaunch of an agent's CLI revokes its tokens: the new CLI's hooks confirm nothing typed into the old one.
  const stopRelaunches = tokens.onRevoked((id) =>
    paneTypingsOf(gate).relaunched(fleet.repository.findAgent(id)?.paneId),
  );
  const paneDomain = createPaneDomain({
    mcpPresence,
    store,
    backend: deps.backend,
    bus,
    clock,
    fleet,
    mayCall,
    gate,
    assertPaneAccess,
    rights: roles,
    observer,
    logger,
  });
  const messages = new MessagingService({
    store,
    bus,
    clock,
    backend: deps.backend,
    gate,
    fleet,
    roles,
    audit,
    tracer,
    decider: deps.handoffDecider ?? approvalHandoffDecider(approvals),
    focusedAgentId: () => paneDomain.terminal.focus.current().agentId,
    ...(deps.messaging ? { options: deps.messaging } : {}),
  });
  messages.start();
  const stopWatchInbox = deliverWatchMatchesToInboxes(bus, messages);
  const stopDecisionNotes = tellAgentsTheirDecisions(bus, messages, (id) => !!fleet.repository.findAgent(id));
  const { health, recovery, prompts, turns } = createSupervision({
    store,
    backend: deps.backend,
    bus,
    clock,
    fleet,
    observer,
    gate,
    approvals,
    audit,
    messages,
    healthTimings: deps.healthTimings,
    promptTimings: deps.promptTimings,
  });
  promptItems.service = prompts;
  const attention = new AttentionService({
    store,
    bus,
    clock,
    fleet,
    logger,
    backend: deps.backend,
    focusPane: (agentId) => paneDomain.panes.focus(agentId, humanCaller),
    ...(deps.attention ? { options: deps.attention } : {}),
  });
  const spawning = createSpawning({
    mcpPresence,
    store,
    bus,
    clock,
    backend: deps.backend,
    gate,
    fleet,
    dataDir,
    ...(deps.initialTasks ? { options: deps.initialTasks } : {}),
  });
  const { plans, managers } = createPlanning({
    store,
    bus,
    clock,
    logger,
    approvals,
    fleet: fleet.repository,
    messages,
    holdings,
  });
  const currentTasks = new CurrentTasks({
    bus,
    clock,
    instructionsAmong: (ids) => messages.repository.instructionsAmong(ids),
    isAgent: (id) => fleet.repository.findAgent(id) !== undefined,
  });
  const recordings = createRecordings({
    store,
    bus,
    clock,
    observer,
    backend: deps.backend,
    dataDir,
    fleet: fleet.repository,
    audit,
    messages: messages.repository,
    ...(deps.recordings ? { options: deps.recordings } : {}),
    logger,
    onError: (err, agentId) =>
      logAt.error(logger, 'a recording chunk was not written', { component: 'recorder', agentId, err }),
  });
  const memory = createMemory({
    store,
    bus,
    clock,
    fleet: fleet.repository,
    plans,
    recordings,
    options: deps.memory,
  });
  const coordination = createCoordination({
    store,
    bus,
    clock,
    logger,
    fleet: fleet.repository,
    send: (sender, input) => messages.send(sender, input),
    holdings,
  });
  // Flows act through the dispatcher (bound below), as their owner: the same roles, rate limits and audit as a direct call.
  const flows = new FlowService({
    store,
    bus,
    clock,
    logger,
    dispatch: (caller, name, input) => dispatch(caller, name, input),
    agentId: (ref) => fleet.repository.findAgent(ref)?.id,
    agentName: (id) => fleet.repository.findAgent(id)?.name,
    planName: (id) => plans.runner.repository.nameOf(id),
    holdings,
  });
  const retention = createRetention({
    store,
    bus,
    clock,
    audit,
    logger,
    openAgentIds: () => fleet.listAgents().map((agent) => agent.id),
    ...(deps.retention ? { options: deps.retention } : {}),
  });
  const handlers = coreHandlers({
    rightsOf,
    holdings,
    fleet,
    spawning: spawning.handlers,
    arrangements,
    panes: paneDomain,
    locks,
    tokens,
    approvals,
    policies,
    catalog,
    bus,
    audit,
    messages,
    health,
    sessions,
    prompts,
    attention,
    recovery,
    turns,
    plans,
    managers,
    coordination,
    flows,
    memory,
    recordings,
    currentTasks,
    retention: retention.handlers,
    hosts: new HostRegistry({ store, bus, clock, fleet: fleet.repository }),
  });
  const dispatch = createDispatcher(
    handlers,
    (caller, name, input) => {
      roles.authorize(caller, name, input);
      deps.authorize?.(caller, name, input);
    },
    { logger, tracer, durable: () => store.durable(), onRateLimited: refusals.quotaRefused },
  );
  const stopTelemetry = startCoreTelemetry({
    metrics: given.metrics,
    tracer,
    store,
    subscribe: (listener) => bus.subscribe(listener),
    now: () => clock.now(),
    agentStates: () => fleet.repository.listAgents().map((agent) => health.get(agent.id).state),
  });

  // Re-bind the fleet to whatever panes survived; a backend that cannot answer leaves agents as stored (logged:
  // a backend call's failure there too, a reconcile that throws for any other reason only here).
  const ready = fleet.reconcile().then(
    () => undefined,
    (err: unknown) =>
      logAt.error(logger, 'reconciling the fleet with the terminal failed', { component: 'fleet', err }),
  );
  // Plans resume once the fleet knows its panes again (a step may be waiting for an agent that came back).
  void ready.then(() => {
    plans.start((listener) => approvals.onDidDecide(listener));
    coordination.start();
    flows.start();
    retention.start();
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
    retention: retention.sweeper,
    invoke: async (caller, name, input, options) => {
      await ready;
      // Any call an agent makes is a sign of life (MCP calls, hooks); health.heartbeat beats in its handler.
      const agentId = agentCallerId(caller);
      if (agentId !== undefined && name !== 'health.heartbeat')
        health.heartbeat(agentId, name === 'health.reportHook' ? 'hook' : 'call');
      // A call other than a hook report means the agent reads its inbox itself: panes get a "messages wait" line, not the text.
      if (agentId !== undefined && !name.startsWith('health.')) messages.noteEndpointUse(agentId);
      return leavingCore(caller, name, await dispatch(caller, name, input, options), rightsOf);
    },
    subscribe: (listener: (event: SwitchboardEvent) => void, viewer: Caller = humanCaller) => {
      const rights = rightsOf(viewer);
      return bus.subscribe((event) => {
        const seen = eventFor(viewer, event, rights);
        if (seen) listener(seen);
      });
    },
    authenticateAgent: (token) => tokens.authenticate(token),
    onTokensRevoked: (listener) => tokens.onRevoked(listener),
    async close() {
      retention.stop();
      await flows.stop();
      plans.stop();
      coordination.stop();
      memory.stop();
      recovery.close();
      turns.close();
      spawning.close();
      mcpPresence.close();
      stopRelaunches();
      currentTasks.close();
      stopTelemetry();
      stopWatchInbox();
      stopDecisionNotes();
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
      stopGone();
      approvals.stop();
      refusals.flush();
      store.close();
      if (deps.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
