import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import {
  createOrchestrator,
  measuredApi,
  newToken,
  noTracer,
  RoutingBackend,
  secretMatcher,
  type LogLevel,
  type Orchestrator,
  type OrchestratorDeps,
  type RecordingOptions,
  type ScreenPace,
  type TerminalBackend,
} from '@switchboard/core';
import {
  createMcpEndpoint,
  listenMcpSocket,
  MAX_SOCKET_PATH_BYTES,
  warmMcpServer,
  type McpSocketEndpoint,
} from '@switchboard/mcp-server/host-endpoints';
import { API_PATH, MCP_PATH, PROTOCOL_VERSION, bindApi, humanCaller } from '@switchboard/protocol';
import type { Caller, HookReport, Host as HostRecord } from '@switchboard/protocol';
import { ownDataFolder } from './data-folder';
import { WebSocketApi, refuseUpgrade } from './api/websocket-api';
import type { BackendKind } from './backend-kinds';
import { createBackend } from './backend-factory';
import { storageQuotasFromEnv } from './storage-quotas';
import { retentionFromEnv } from './retention-env';
import { initialTasksFromEnv } from './initial-tasks-env';
import { recordingSwitchFromEnv } from './recording-switch';
import { storeOptionsFromEnv } from './commit-switch';
import { directToolCallsFromEnv } from './mcp-switch';
import { connectRemoteHost, forgetRemoteHost, TunnelPorts, type RemoteTmuxOptions } from './remote-hosts';
import { removeHostFile, writeHostFile } from './host-file';
import { listenOn } from './listen-port';
import { restoreWhatTheHostTookDown } from './restore-at-start';
import { checkHostAndOrigin } from './http/request-guard';
import {
  boundedServerOptions,
  boundConnections,
  DEFAULT_CONNECTION_LIMITS,
  unfinishedBodiesPerToken,
} from './http/connection-limits';
import { answeringOnThrow, closingOnThrow } from './http/listener-guard';
import { plainResponse } from './http/plain-response';
import { pathOf } from './http/request-path';
import { createStaticFiles, UI_RESPONSE_HEADERS } from './http/static-files';
import { CODEX_HOOK_PATH, HOOK_PATH, serveHook } from './http/hook-endpoint';
import { HEALTH_PATH, serveHealth } from './http/health-route';
import { createFileLogger } from './logging/file-logger';
import { METRICS_PATH, serveMetrics } from './telemetry/metrics-route';
import { createPrometheusMetrics } from './telemetry/prometheus-metrics';
import { createOtelTracing, otlpTracesUrl } from './telemetry/otel-tracer';

export interface HostConfig {
  /** Folder for the database, host.json and agents' secrets. */
  dataDir: string;
  /** The command Claude Code hooks run to report to this host (`node …/switchboard.js hook`); none installed without it. */
  claudeHookCommand?: string;
  /** Codex's notify program as argv (`node …/switchboard.js hook --codex`): how Codex agents report the thread a restart resumes. */
  codexNotifyCommand?: readonly string[];
  /** The agents' launcher script: the packaged desktop app passes its copy in Resources (default: the repository's). */
  launcherPath?: string;
  /** TCP port on 127.0.0.1 (the apps pass DEFAULT_PORT, so agents' URL survives restarts); 0 or absent picks a free one. */
  port?: number;
  backend?: BackendKind;
  iterm2Socket?: string;
  /** The iTerm2 client's read coalescing window in ms (default 20; 0 reads every frame as it comes). */
  iterm2CoalesceMs?: number;
  /** `--backend tmux`: the tmux server's socket (default `tmux -L switchboard`). */
  tmuxSocket?: string;
  /** The built UI (packages/ui/dist). */
  uiDir?: string;
  /** Extra browser origins allowed to call (e.g. a Vite dev server). */
  allowedOrigins?: string[];
  /** The lowest level written to `<data>/logs/switchboard.log` (default info). */
  logLevel?: LogLevel;
  /**
   * Where OTLP/HTTP traces go (e.g. `http://127.0.0.1:4318/v1/traces`); default from
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT; tracing is off without one.
   */
  otlpTracesUrl?: string;
  /**
   * How panes are recorded (docs/recordings.md): `{ enabled: false }` records nothing. Default: the
   * `SWITCHBOARD_RECORDINGS` environment variable (`on` | `off`), else on.
   */
  recordings?: Partial<RecordingOptions>;
  /** How panes that keep printing are read (core's `ScreenPace`; benches compare paces with it). */
  screenPace?: Partial<ScreenPace>;
  /** tmux and ssh settings for every remote host (docs/remote.md; tests pass their sshd's key and a socket). */
  remoteTmux?: RemoteTmuxOptions;
  /**
   * Spawns' first tasks: how long a wired CLI may sit at its prompt without Switchboard's tools, and what then
   * (over SWITCHBOARD_TASK_TOOLS_WAIT_SECONDS / SWITCHBOARD_TASK_WITHOUT_TOOLS).
   */
  initialTasks?: OrchestratorDeps['initialTasks'];
  /** Write host.json for the CLI (default true). */
  writeHostFile?: boolean;
}

export interface Host {
  readonly port: number;
  /** The data folder (database, host.json, agents' launcher and wiring files). */
  readonly dataDir: string;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The UI address with the human's token in its fragment (never sent to the server, never logged). */
  readonly uiUrl: string;
  readonly mcpUrl: string;
  /** The human's token for this run. */
  readonly token: string;
  readonly backendKind: BackendKind;
  /** The terminal backend the host drives (for tools and tests that read screens directly). */
  readonly backend: TerminalBackend;
  readonly orchestrator: Orchestrator;
  /** Whether panes are recorded (off: `recordings: { enabled: false }` or SWITCHBOARD_RECORDINGS=off). */
  readonly recording: boolean;
  authenticate(token: string): Caller | undefined;
  /** Open `/api` WebSocket connections. */
  readonly apiConnectionCount: number;
  /** Open MCP sessions. */
  readonly mcpSessionCount: number;
  /** Relays connected over the MCP unix socket (`switchboard mcp`), one per client session. */
  readonly mcpSocketConnectionCount: number;
  /** The MCP unix socket, when the host has one (it writes host.json and the path fits a socket). */
  readonly mcpSocketPath: string | undefined;
  close(): Promise<void>;
}

/** Composes store → core → backend → MCP endpoint → API server, all on one loopback port. */
export async function startHost(config: HostConfig): Promise<Host> {
  // Owner only, even if it existed 0755; a folder every user may write is refused (data-folder.ts).
  ownDataFolder(config.dataDir);
  const recordings = { ...recordingSwitchFromEnv(), ...config.recordings };
  // Read first: a bad value stops the host before it starts anything.
  const quotas = { ...storageQuotasFromEnv(), ...retentionFromEnv() };
  const token = newToken();
  const logs = createFileLogger(config.dataDir, {
    knownSecrets: () => [token],
    ...(config.logLevel ? { level: config.logLevel } : {}),
  });
  const { backend: local, resolved } = await createBackend({
    ...config,
    kind: config.backend ?? 'auto',
    logger: logs.logger,
  }).catch(async (error: unknown) => {
    await logs.close();
    throw error;
  });
  // Remote hosts (docs/remote.md) are looked up when first used, through the orchestrator made below.
  const registry: { list?: () => Promise<HostRecord[]> } = {};
  // Remote hosts' tunnels lead to this host's port, known once it listens (a start-up reconcile may connect them first).
  const listened: { resolve?: (port: number) => void; reject?: (error: Error) => void } = {};
  const listening = new Promise<number>((resolve, reject) => Object.assign(listened, { resolve, reject }));
  // Swallowed on purpose: a failed listen is startHost's own error; here it only ends connections waiting for the port.
  listening.catch(() => undefined);
  const tunnelPorts = new TunnelPorts();
  const backend = new RoutingBackend({
    local,
    logger: logs.logger,
    connect: connectRemoteHost(
      {
        listHosts: () => registry.list?.() ?? Promise.resolve([]),
        localPort: () => listening,
        logger: logs.logger,
        ...(config.remoteTmux ? { tmux: config.remoteTmux } : {}),
      },
      tunnelPorts,
    ),
  });
  let hostUrl = '';
  const log = logs.logger.child({ component: 'host' });
  const prometheus = createPrometheusMetrics();
  const tracesUrl = config.otlpTracesUrl ?? otlpTracesUrl();
  const tracing = tracesUrl ? await createOtelTracing(tracesUrl) : undefined;
  const tracer = tracing?.tracer ?? noTracer;
  const startedAt = Date.now();
  const orchestrator = createOrchestrator({
    databasePath: join(config.dataDir, 'switchboard.db'),
    store: storeOptionsFromEnv(),
    backend,
    dataDir: config.dataDir,
    hostUrl: () => hostUrl,
    logger: logs.logger,
    metrics: prometheus.metrics,
    tracer,
    recordings,
    ...quotas,
    ...(config.screenPace ? { screenPace: config.screenPace } : {}),
    initialTasks: { ...initialTasksFromEnv(), ...config.initialTasks },
    ...(config.claudeHookCommand ? { claudeHookCommand: config.claudeHookCommand } : {}),
    ...(config.codexNotifyCommand ? { codexNotifyCommand: config.codexNotifyCommand } : {}),
    ...(config.launcherPath ? { launcherPath: config.launcherPath } : {}),
  });
  registry.list = async () => (await bindApi(orchestrator, humanCaller).call('host.list', {})).hosts;
  const isHumanToken = secretMatcher(token);
  const authenticate = (candidate: string): Caller | undefined =>
    isHumanToken(candidate) ? humanCaller : orchestrator.authenticateAgent(candidate);

  const wsApi = new WebSocketApi(measuredApi(orchestrator, 'api', prometheus.metrics, tracer), authenticate);
  // One measured API for both MCP channels: a call over the socket is counted and traced as one over HTTP.
  const mcpApi = measuredApi(orchestrator, 'mcp', prometheus.metrics, tracer);
  const mcpFailed = (message: string, error: unknown) =>
    log.log('error', message, { component: 'mcp', err: error });
  const mcp = createMcpEndpoint({
    api: mcpApi,
    authenticate,
    directToolCalls: directToolCallsFromEnv(),
    onError: mcpFailed,
  });
  // Revoking a token (agent.revokeTokens, an agent closing or restarting) closes what it opened, at once.
  let mcpSocket: McpSocketEndpoint | undefined;
  const stopDroppingRevoked = orchestrator.onTokensRevoked(() => {
    wsApi.dropRevoked();
    mcp.dropRevoked();
    mcpSocket?.dropRevoked();
  });
  // The MCP SDK's server side loads on the first MCP request; an agent spawned makes one as soon as its CLI is up,
  // so the first spawn starts loading it meanwhile (Codex's `exec` goes on without a server that answers late).
  // A removed host's connection and tunnel port go at once: re-added under that name, it connects to its new address.
  const stopWarming = orchestrator.subscribe((event) => {
    if (event.type === 'host.removed') void forgetRemoteHost(backend, tunnelPorts, event.name);
    if (event.type === 'agent.spawned') warmMcpServer();
  });
  const uiFiles =
    config.uiDir === undefined ? undefined : createStaticFiles(config.uiDir, UI_RESPONSE_HEADERS);
  let port = 0;
  const bodiesAdmitted = unfinishedBodiesPerToken(DEFAULT_CONNECTION_LIMITS.maxUnfinishedBodiesPerToken);

  /** A route that failed: logged, and answered 500 unless it had begun its answer. */
  const answer500 = (response: ServerResponse, component: string, message: string) => (error: unknown) => {
    log.log('error', message, { component, err: error });
    if (!response.headersSent) response.writeHead(500);
    response.end();
  };
  const handleRequest = (request: IncomingMessage, response: ServerResponse) => {
    const failure = checkHostAndOrigin(request, port, config.allowedOrigins, tunnelPorts);
    if (failure) {
      response.writeHead(failure.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(failure.message + '\n');
      return;
    }
    if (!bodiesAdmitted(request, response)) return;
    const path = pathOf(request.url);
    if (path === undefined) return plainResponse(response, 400, 'The request target is not a URL path.');
    if (path === MCP_PATH) {
      // A client's W3C traceparent makes the tool call a child of its own trace.
      tracer
        .withParent(singleHeader(request.headers.traceparent), () => mcp.handle(request, response))
        .catch(answer500(response, 'mcp', 'the MCP endpoint failed a request'));
      return;
    }
    if (path === HOOK_PATH || path === CODEX_HOOK_PATH) {
      const report = (caller: Caller, input: HookReport) =>
        bindApi(orchestrator, caller).call('health.reportHook', input);
      serveHook(request, response, path, authenticate, report).catch(
        answer500(response, 'hook', 'the hook endpoint failed a request'),
      );
      return;
    }
    if (path === METRICS_PATH) {
      serveMetrics(request, response, authenticate, prometheus).catch(
        answer500(response, 'metrics', 'rendering /metrics failed'),
      );
      return;
    }
    if (path === HEALTH_PATH) {
      serveHealth(request, response, authenticate);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' });
      response.end();
      return;
    }
    if (!uiFiles) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('This host serves no UI.\n');
      return;
    }
    uiFiles.serve(request, response);
  };
  // Slow-loris: short header and request times, a cap on connections that have asked nothing yet, and no body
  // read after its answer (a request refused for its token ends its connection).
  const failed = (error: unknown) => log.log('error', 'a request failed', { component: 'http', err: error });
  const server = createServer(
    boundedServerOptions(DEFAULT_CONNECTION_LIMITS),
    answeringOnThrow(handleRequest, failed),
  );
  boundConnections(server, DEFAULT_CONNECTION_LIMITS);
  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets the connection mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const failure = checkHostAndOrigin(request, port, config.allowedOrigins, tunnelPorts);
    if (failure) return refuseUpgrade(socket, failure.status, failure.message);
    const path = pathOf(request.url) ?? '(not a path)';
    if (path !== API_PATH)
      return refuseUpgrade(socket, 404, `No WebSocket endpoint at ${path}; use ${API_PATH}`);
    wsApi.handleUpgrade(request, socket, head);
  };
  server.on('upgrade', closingOnThrow(handleUpgrade, failed));

  try {
    await listenOn(server, config.port ?? 0, config.dataDir);
  } catch (error) {
    listened.reject!(error as Error);
    stopDroppingRevoked();
    stopWarming();
    await mcp.close();
    await orchestrator.close();
    await backend.close();
    await tracing?.shutdown();
    log.log('error', (error as Error).message);
    await logs.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  listened.resolve!(port);
  const url = `http://127.0.0.1:${port}`;
  hostUrl = url;
  // `switchboard mcp` relays over this socket (one connection per client) instead of HTTP per message.
  const socketPath = join(config.dataDir, 'mcp.sock');
  if (config.writeHostFile !== false && Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES) {
    mcpSocket = await listenMcpSocket({
      api: mcpApi,
      authenticate,
      path: socketPath,
      directToolCalls: directToolCallsFromEnv(),
      onError: mcpFailed,
    }).catch((error: unknown) => {
      log.log('warn', 'no MCP socket; `switchboard mcp` will use HTTP', { component: 'mcp', err: error });
      return undefined;
    });
  }
  if (config.writeHostFile !== false) {
    writeHostFile(config.dataDir, {
      port,
      pid: process.pid,
      protocolVersion: PROTOCOL_VERSION,
      url,
      token,
      startedAt: new Date().toISOString(),
      ...(mcpSocket ? { mcpSocket: mcpSocket.path } : {}),
    });
  }

  log.log('info', 'host started', { url, backend: resolved, dataDir: config.dataDir });
  if (resolved === 'sim') void restoreWhatTheHostTookDown(orchestrator, startedAt, log);

  let closed = false;
  return {
    port,
    dataDir: config.dataDir,
    url,
    uiUrl: `${url}/#token=${token}`,
    mcpUrl: `${url}${MCP_PATH}`,
    token,
    backendKind: resolved,
    recording: recordings.enabled !== false,
    backend,
    orchestrator,
    authenticate,
    get apiConnectionCount() {
      return wsApi.connectionCount;
    },
    get mcpSessionCount() {
      return mcp.sessionCount;
    },
    get mcpSocketConnectionCount() {
      return mcpSocket?.connectionCount ?? 0;
    },
    mcpSocketPath: mcpSocket?.path,
    async close() {
      if (closed) return;
      closed = true;
      stopDroppingRevoked();
      stopWarming();
      wsApi.close();
      await mcpSocket?.close();
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await orchestrator.close();
      await backend.close();
      await tracing?.shutdown();
      if (config.writeHostFile !== false) removeHostFile(config.dataDir, process.pid);
      log.log('info', 'host stopped');
      await logs.close();
    },
  };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
