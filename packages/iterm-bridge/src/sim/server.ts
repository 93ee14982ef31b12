import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AppModel } from './app-model';
import { broadcastPeers } from './broadcast';
import { SimConnection } from './connection';
import { OutputBudget } from './output-budget';
import { Dispatcher } from './dispatcher';
import { checkHandshake, CookieJar, FAILURE_RESPONSES, PROTOCOL_VERSION, SUBPROTOCOL } from './handshake';
import { readUpgradeRequest } from './http-upgrade';
import { deliverKeys, keyEventFor, typedEvents } from './key-input';
import type { KeyPress } from './keyboard';
import { JobNameWatch } from './job-names';
import { Notifier } from './notifications';
import { DEFAULT_PROFILE_GUID } from './profiles';
import type { ServerState } from './requests/context';
import { RpcRegistry } from './rpc-registry';
import { DialogQueue, UnreadCounts } from './script-ui';
import { scriptingHooks, type ScriptingHooks } from './scripting-hooks';
import type { ShellConfig, SimSession } from './session';

export interface SimServerOptions {
  /** Loopback TCP port (0 = any free one). When neither `port` nor `unixPath` is given, TCP on a free port. */
  port?: number;
  /** Unix-domain socket path (created 0600; a stale file there is replaced). */
  unixPath?: string;
  /**
   * Require a cookie (`x-iterm2-cookie`). A string is a reusable cookie; `true` makes one.
   * Without it every local client is accepted, like iTerm2's "Allow all apps to connect".
   */
  cookie?: string | boolean;
  /** What a pane runs when its profile names no command: a path, or file + args (+ env, cwd). */
  shell?: string | ShellConfig;
  /** Minimum gap between two screen-update notifications of one session, in ms (default 16: one display frame). */
  screenUpdateIntervalMs?: number;
  /** Largest client message accepted (after reassembling fragments); a bigger one closes that connection with 1009. Default 1 MiB. */
  maxMessageBytes?: number;
  /**
   * Longest time one connection may hold a transaction; past it the server ends the transaction (the holder's
   * later end gets NO_TRANSACTION) and runs the other connections' queued requests. Default: no bound, as iTerm2,
   * which ends a transaction only on request or when its connection closes.
   */
  maxTransactionMs?: number;
  /**
   * Where a failure no request is waiting for goes (a closed pane's terminal that threw as it was torn down after
   * the turn), worded as a failed request's answer: `Internal error: session <id>: <doing>: <message>`. Default: a
   * line on stderr. The server carries on either way.
   */
  onInternalError?: (message: string) => void;
  /** Output all clients may leave unread together; past it the one with most unread is dropped. Default 128 MiB. */
  maxUnreadOutputBytes?: number;
}

/**
 * iTerm2 itself reads frames of any size; 1 MiB is the Python library's own limit for what it receives
 * over TCP, and far above any real request (our bridge's largest, pane text, is 64 KiB).
 */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

/** A running embedded iTerm2-API server. */
export interface SimServer {
  /** TCP port on 127.0.0.1, if listening on TCP. */
  readonly port: number | undefined;
  readonly unixPath: string | undefined;
  /** The reusable cookie clients must send, when one is required. */
  readonly cookie: string | undefined;
  /** Issues a fresh cookie + key (single-use unless `reusable`), like iTerm2's AppleScript `request cookie`. */
  issueCookie(reusable?: boolean): { cookie: string; key: string };
  /** Ids of live sessions in window/tab/pane order (buried ones last). */
  sessionIds(): string[];
  /**
   * Types into a session as a person would: each character's key-down (real macOS key codes; control
   * characters as Control-letter) to keystroke monitors, then to the program unless a keystroke filter matches.
   */
  type(sessionId: string, text: string): boolean;
  /**
   * Presses keys (Escape, arrows, F1–F12, Control/Option/Command/Shift chords) the same way; returns the bytes
   * the program got (Command chords and filtered keys give none), undefined for an unknown or ended session.
   * Throws UnknownKeyError for a key it cannot name.
   */
  press(sessionId: string, ...keys: KeyPress[]): string | undefined;
  /** Whether a session asked for the person's attention (OSC 1337 RequestAttention); undefined for an unknown session. */
  attentionRequested(sessionId: string): boolean | undefined;
  /** Another app comes to the front, as when the person switches away from iTerm2 (FocusChanged: application inactive). */
  switchAway(): void;
  /**
   * The person drags a divider: the session becomes `rows` rows tall and its `rows` variable says so, with no layout
   * change reported (iTerm2 reports none during a live resize or a divider drag). False for an unknown session.
   */
  dragToRows(sessionId: string, rows: number): boolean;
  /** What the person does in iTerm2 that calls scripts: status bars, clicks, title providers, menus, key bindings, dialogs. */
  readonly scripting: ScriptingHooks;
  /** Number of connected API clients. */
  connectionCount(): number;
  /** Requests of other connections waiting for the open transaction to end. */
  queuedRequestCount(): number;
  /** Stops listening, drops every client, kills every pane's process. */
  close(): Promise<void>;
}

const toStderr = (message: string) => void process.stderr.write(`iterm2 sim: ${message}\n`);

function shellConfig(shell: SimServerOptions['shell']): ShellConfig {
  if (typeof shell === 'object') return shell;
  return { file: shell ?? process.env['SHELL'] ?? '/bin/sh', args: [] };
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** Starts the simulator. Everything lives in the returned object: several may run in one process. */
export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const notifier = new Notifier({ screenUpdateIntervalMs: options.screenUpdateIntervalMs ?? 16 });
  const model = new AppModel(notifier, shellConfig(options.shell), options.onInternalError ?? toStderr);
  notifier.model = model;
  const jobNames = new JobNameWatch(() => model.sessions.values(), notifier);
  const state: ServerState = {
    transactionOwner: undefined,
    arrangements: new Map(),
    broadcastDomains: [],
    preferences: new Map(),
    defaultProfileGuid: DEFAULT_PROFILE_GUID,
    rpc: new RpcRegistry(),
    selections: new Map(),
    dialogs: new DialogQueue(),
    unreadCounts: new UnreadCounts(),
  };
  const dispatcher = new Dispatcher(model, notifier, state, options.maxTransactionMs);
  /** What the person typed into `session` reaches its broadcast domain too (iTerm2: `writeTask` broadcasts). */
  const typed = (session: SimSession, bytes: string) => {
    if (bytes) for (const peer of broadcastPeers(state.broadcastDomains, model, session)) peer.write(bytes);
    return bytes;
  };
  const cookieRequired = options.cookie !== undefined && options.cookie !== false;
  const cookies = new CookieJar(cookieRequired);
  const reusableCookie =
    typeof options.cookie === 'string'
      ? options.cookie
      : options.cookie === true
        ? cookies.issue(true).cookie
        : undefined;
  if (typeof options.cookie === 'string') cookies.add(options.cookie, true);

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: options.maxMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES,
  });
  wss.on('headers', (headers: string[], req: IncomingMessage & { clientWebSocketVersion?: number }) => {
    headers.push(`Sec-WebSocket-Protocol: ${SUBPROTOCOL}`, `X-iTerm2-Protocol-Version: ${PROTOCOL_VERSION}`);
    if ((req.clientWebSocketVersion ?? 13) > 13) headers.push('Sec-Websocket-Version: 13');
  });

  const outputBudget = new OutputBudget(options.maxUnreadOutputBytes);
  const rawSockets = new Set<Socket>();
  const webSockets = new Set<WebSocket>();
  let nextConnectionId = 1;
  let closing = false;

  const onWebSocket = (ws: WebSocket, socket: Socket, libraryVersion: string, transport: 'tcp' | 'unix') => {
    const connection = new SimConnection(
      nextConnectionId++,
      ws,
      libraryVersion,
      transport,
      socket,
      outputBudget,
    );
    webSockets.add(ws);
    notifier.connections.add(connection);
    ws.on('message', (data, isBinary) => {
      // Text frames are ignored, as iTerm2 does.
      if (isBinary) dispatcher.handleFrame(connection, toBytes(data));
    });
    ws.on('error', () => {
      // Protocol errors (oversize: 1009, bad framing: 1002, invalid UTF-8 in a text frame: 1007) close the socket; 'close' below cleans up.
    });
    ws.on('close', () => {
      webSockets.delete(ws);
      notifier.connections.delete(connection);
      connection.close();
      dispatcher.connectionClosed(connection);
    });
  };

  const onSocket = async (socket: Socket, transport: 'tcp' | 'unix') => {
    if (closing) {
      socket.destroy();
      return;
    }
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    const read = await readUpgradeRequest(socket);
    if ('gone' in read) return;
    if ('malformed' in read) {
      socket.end(FAILURE_RESPONSES[400]);
      return;
    }
    const verdict = checkHandshake(read.request, cookies);
    if (!verdict.ok) {
      socket.end(FAILURE_RESPONSES[verdict.status]);
      return;
    }
    const headers: Record<string, string> = Object.fromEntries(read.request.headers);
    // ws does the framing; the checks above already hold it to iTerm2's rules, so normalise what ws re-checks.
    headers['upgrade'] = 'websocket';
    headers['connection'] = 'Upgrade';
    headers['sec-websocket-version'] = '13';
    delete headers['sec-websocket-protocol'];
    delete headers['sec-websocket-extensions'];
    const request = {
      method: 'GET',
      url: '/',
      headers,
      socket,
      clientWebSocketVersion: verdict.clientWebSocketVersion,
    } as unknown as IncomingMessage;
    wss.handleUpgrade(request, socket, read.head, (ws) =>
      onWebSocket(ws, socket, verdict.libraryVersion, transport),
    );
  };

  const servers: Server[] = [];
  const listen = (server: Server, target: { port: number; host: string } | { path: string }) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(target, () => {
        server.off('error', reject);
        resolve();
      });
    });

  let port: number | undefined;
  const unixPath = options.unixPath;
  try {
    if (options.port !== undefined || unixPath === undefined) {
      const tcp = createServer((s) => void onSocket(s, 'tcp'));
      servers.push(tcp);
      await listen(tcp, { port: options.port ?? 0, host: '127.0.0.1' });
      port = (tcp.address() as AddressInfo).port;
    }
    if (unixPath !== undefined) {
      if (existsSync(unixPath)) rmSync(unixPath);
      const unix = createServer((s) => void onSocket(s, 'unix'));
      servers.push(unix);
      await listen(unix, { path: unixPath });
      chmodSync(unixPath, 0o600);
    }
  } catch (e) {
    for (const s of servers) s.close();
    jobNames.close();
    model.dispose();
    throw e;
  }

  return {
    port,
    unixPath,
    cookie: reusableCookie,
    issueCookie: (reusable = false) => cookies.issue(reusable),
    sessionIds: () => model.allSessions().map((s) => s.id),
    connectionCount: () => notifier.connections.size,
    scripting: scriptingHooks({ model, notifier, state }),
    queuedRequestCount: () => dispatcher.queuedCount,
    attentionRequested(sessionId) {
      return model.sessions.get(sessionId)?.attentionRequested;
    },
    switchAway() {
      model.focus.setApplicationActive(false);
    },
    dragToRows(sessionId, rows) {
      const session = model.sessions.get(sessionId);
      session?.resize(session.cols, rows);
      return session !== undefined;
    },
    type(sessionId, text) {
      const session = model.sessions.get(sessionId);
      if (!session || session.exited) return false;
      typed(session, deliverKeys(notifier, session, typedEvents(session, text)));
      return true;
    },
    press(sessionId, ...keys) {
      const session = model.sessions.get(sessionId);
      if (!session || session.exited) return undefined;
      return typed(
        session,
        deliverKeys(
          notifier,
          session,
          keys.map((k) => keyEventFor(session, k)),
        ),
      );
    },
    async close() {
      if (closing) return;
      closing = true;
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const ws of webSockets) ws.terminate();
      for (const s of rawSockets) s.destroy();
      notifier.close();
      jobNames.close();
      state.rpc.close();
      state.dialogs.close();
      model.dispose();
      await Promise.all(closed);
      if (unixPath !== undefined && existsSync(unixPath)) rmSync(unixPath);
    },
  };
}
