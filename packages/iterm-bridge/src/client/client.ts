import type { MessageInitShape } from '@bufbuild/protobuf';
import { logListenerError, type Logger } from '@switchboard/core';
import { Emitter } from '@switchboard/protocol';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { Notification, NotificationRequestSchema } from '../gen/api_pb';
import { Answers } from './answers';
import { defaultAuth, type ITerm2AuthProvider, type ITerm2Credentials } from './auth';
import type { BufferLines } from './buffer-lines-frame';
import { ITerm2DisconnectedError, ITerm2HandshakeError, ITerm2TimeoutError } from './errors';
import { describeEndpoint, openSocket, type ITerm2Endpoint, type OpenedSocket } from './handshake';
import {
  encodeRequest,
  operationName,
  responseCaseOf,
  type RequestCase,
  type RequestInit,
  type ResponseOf,
} from './messages';
import { atLeast, FEATURE_VERSIONS, type Feature, type ProtocolVersion } from './protocol-version';
import { DEFAULT_COALESCE_MS, ReadCoalescing } from './read-coalescing';
import { defaultITerm2SocketPath } from './socket-path';

export interface ReconnectOptions {
  /** First retry delay (default 100 ms); doubles per failed attempt up to `maxDelayMs` (default 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface ITerm2ClientOptions {
  /** Unix socket or loopback TCP; default iTerm2's socket (`defaultITerm2SocketPath()`). */
  endpoint?: ITerm2Endpoint;
  auth?: ITerm2AuthProvider;
  /** Shown by iTerm2 as "≈name" in its Script Console. */
  advisoryName?: string;
  /** Deadline of a request without its own (default 10 s). */
  requestTimeoutMs?: number;
  /** Deadline of the HTTP upgrade (default 5 s). */
  connectTimeoutMs?: number;
  /** `false` = no automatic reconnect: a lost connection stays lost. */
  reconnect?: ReconnectOptions | false;
  /** Back-to-back frames read together within this window (ms; default 20, 0 = off): read-coalescing.ts. */
  coalesceMs?: number;
  /**
   * The clock read coalescing measures the frames' rate with (ms; default `performance.now`). Tests pass the times
   * their frames were sent: on a starved machine the frames are read late, and the rate seen is not the rate sent.
   */
  coalescingClock?: () => number;
  /** Where a listener's thrown error is logged (`a listener threw`, component `iterm2-client`); none: not logged. */
  logger?: Logger;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Non-OK statuses this caller handles itself (returned, not thrown), e.g. `ALREADY_SUBSCRIBED`. */
  accept?: readonly string[];
  /**
   * Nobody waits on this answer at once (a busy pane's paced screen read): it may sit in the socket for the
   * read-coalescing window like a notification, instead of every frame being read as it comes until it is
   * back. Default false: the answer, and whatever came before it, is read as it comes.
   */
  patient?: boolean;
}

export type SubscriptionSpec = Omit<
  MessageInitShape<typeof NotificationRequestSchema>,
  'subscribe' | '$typeName'
>;

/** A live notification subscription; re-sent after every reconnect until disposed. */
export interface Subscription {
  readonly spec: SubscriptionSpec;
  dispose(): Promise<void>;
}

type Listener<T> = (value: T) => void;

const COMPONENT = 'iterm2-client';

/**
 * A connection to iTerm2's scripting API (or anything speaking it): typed requests matched by id,
 * per-request deadlines, notifications routed to listeners, and automatic reconnect with backoff
 * that re-subscribes everything and reports the outage.
 */
export class ITerm2Client {
  readonly endpoint: ITerm2Endpoint;
  private socket: WebSocket | undefined;
  private coalescing: ReadCoalescing | undefined;
  private version: ProtocolVersion = { major: 0, minor: 0 };
  private nextId = 1n;
  /** The requests in flight, and what the frames that arrive mean (answers.ts). */
  private readonly answers: Answers;
  private readonly pending: Answers['pending'];
  private readonly subscriptions = new Set<Subscription>();
  // A listener's bug must not take the connection down: the Emitter keeps it from the others, and it is logged.
  private readonly disconnectListeners: Emitter<{ reason: string }>;
  private readonly reconnectListeners: Emitter<{ gapMs: number }>;
  private state: 'open' | 'reconnecting' | 'closed' = 'closed';
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly auth: ITerm2AuthProvider;
  private readonly options: ITerm2ClientOptions;

  private constructor(options: ITerm2ClientOptions) {
    this.options = options;
    this.answers = new Answers(options.logger);
    this.pending = this.answers.pending;
    this.disconnectListeners = new Emitter(logListenerError(options.logger, COMPONENT, 'disconnected'));
    this.reconnectListeners = new Emitter(logListenerError(options.logger, COMPONENT, 'reconnected'));
    this.endpoint = options.endpoint ?? { socketPath: defaultITerm2SocketPath() };
    this.auth = options.auth ?? defaultAuth({ appName: options.advisoryName ?? 'Switchboard' });
  }

  /** Connects (asking for a fresh cookie once on 401) and resolves when the socket is open. */
  static async connect(options: ITerm2ClientOptions = {}): Promise<ITerm2Client> {
    const client = new ITerm2Client(options);
    client.attach(await client.open());
    return client;
  }

  /** `X-iTerm2-Protocol-Version` of the server this client is connected to. */
  get protocolVersion(): ProtocolVersion {
    return { ...this.version };
  }

  /** Times reading paused to read frames together on this connection (read-coalescing.ts; tests, benches). */
  get readPauses(): number {
    return this.coalescing?.pauses ?? 0;
  }

  get connected(): boolean {
    return this.state === 'open';
  }

  supports(feature: Feature): boolean {
    return atLeast(this.version, FEATURE_VERSIONS[feature]);
  }

  /**
   * Sends one request and resolves with its typed response. Throws `ITerm2StatusError` for a non-OK
   * status (unless accepted), `ITerm2RpcError` for the envelope's `error`, `ITerm2TimeoutError`,
   * `ITerm2DisconnectedError`, or `ITerm2ProtocolError` for an answer of the wrong kind.
   */
  call<C extends RequestCase>(
    requestCase: C,
    value: RequestInit<C>,
    options: CallOptions = {},
  ): Promise<ResponseOf<C>> {
    return this.send(requestCase, value, options, false);
  }

  /**
   * A `getBufferRequest` answered with its lines alone (`BufferLines`: texts, wraps, cursor, first line), read
   * from the answer's bytes without the messages of every line and run of cells the general decoder builds. As
   * `call` otherwise (the same errors); a read with styles gets the general decoder's lines.
   */
  readLines(value: RequestInit<'getBufferRequest'>, options: CallOptions = {}): Promise<BufferLines> {
    return this.send<'getBufferRequest', BufferLines>('getBufferRequest', value, options, true);
  }

  private send<C extends RequestCase, T = ResponseOf<C>>(
    requestCase: C,
    value: RequestInit<C>,
    options: CallOptions,
    lines: boolean,
  ): Promise<T> {
    const operation = operationName(requestCase);
    const socket = this.socket;
    if (this.state !== 'open' || !socket)
      return Promise.reject(
        new ITerm2DisconnectedError(operation, this.state === 'closed' ? 'client closed' : 'reconnecting'),
      );
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs ?? 10_000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.take(id);
        reject(new ITerm2TimeoutError(operation, timeoutMs));
      }, timeoutMs);
      timer.unref();
      const patient = options.patient === true;
      this.pending.add(id, {
        operation,
        patient,
        expected: responseCaseOf(requestCase),
        lines,
        accept: options.accept,
        timer,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      if (!patient) this.coalescing?.release();
      // A failed send closes the socket; 'close' then fails this request with the others.
      socket.send(encodeRequest(id, requestCase, value), { binary: true });
    });
  }

  /** Subscribes (ALREADY_SUBSCRIBED counts as success) and keeps the subscription across reconnects. */
  async subscribe(spec: SubscriptionSpec): Promise<Subscription> {
    await this.sendSubscription(spec, true);
    const subscription: Subscription = {
      spec,
      dispose: async () => {
        if (!this.subscriptions.delete(subscription) || this.state !== 'open') return;
        await this.sendSubscription(spec, false);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  onNotification(listener: Listener<Notification>): () => void {
    return this.answers.notifications.on(listener);
  }

  /** The connection dropped; requests fail with `ITerm2DisconnectedError` until it is back. */
  onDidDisconnect(listener: Listener<{ reason: string }>): () => void {
    return this.disconnectListeners.on(listener);
  }

  /** Reconnected and re-subscribed after an outage of `gapMs`. */
  onDidReconnect(listener: Listener<{ gapMs: number }>): () => void {
    return this.reconnectListeners.on(listener);
  }

  /** A frame that is not a valid server message arrived (it was dropped). */
  onDidReceiveGarbage(listener: Listener<{ problem: string }>): () => void {
    return this.answers.garbage.on(listener);
  }

  /** Closes the connection for good: pending requests fail, no reconnect. */
  async close(): Promise<void> {
    if (this.state === 'closed' && !this.socket) return;
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    this.coalescing?.release(); // the server's closing frame is read at once
    const socket = this.socket;
    this.socket = undefined;
    this.answers.failAll('client closed');
    if (socket && socket.readyState !== socket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 500).unref();
      });
    }
  }

  private async sendSubscription(spec: SubscriptionSpec, subscribe: boolean): Promise<void> {
    await this.call(
      'notificationRequest',
      { ...spec, subscribe },
      { accept: subscribe ? ['ALREADY_SUBSCRIBED'] : ['NOT_SUBSCRIBED'] },
    );
  }

  /** One connection attempt; on 401 asks the auth provider for fresh credentials and tries once more. */
  private async open(): Promise<OpenedSocket> {
    const advisoryName = this.options.advisoryName ?? 'switchboard';
    const timeoutMs = this.options.connectTimeoutMs ?? 5_000;
    const attempt = (credentials: ITerm2Credentials) =>
      openSocket(this.endpoint, credentials, advisoryName, timeoutMs);
    try {
      return await attempt(await this.auth.credentials(false));
    } catch (error) {
      if (!(error instanceof ITerm2HandshakeError) || error.httpStatus !== 401) throw error;
      return attempt(await this.auth.credentials(true));
    }
  }

  private attach({ socket, protocolVersion }: OpenedSocket): void {
    this.socket = socket;
    this.version = protocolVersion;
    this.state = 'open';
    this.coalescing?.dispose();
    const window = this.options.coalesceMs ?? DEFAULT_COALESCE_MS;
    const coalescing = new ReadCoalescing(
      socket,
      window,
      () => this.pending.awaited,
      this.options.coalescingClock,
    );
    this.coalescing = coalescing;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      // iTerm2 only sends binary frames; anything else is noise.
      coalescing.afterFrame(isBinary ? this.answers.receive(toBytes(data)) : 'other');
    });
    socket.on('error', () => {
      // 'close' follows and does the work.
    });
    socket.on('close', () => {
      coalescing.dispose();
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.state === 'closed') return;
      this.lost(`connection to ${describeEndpoint(this.endpoint)} lost`);
    });
  }

  private lost(reason: string): void {
    this.answers.failAll(reason);
    if (this.options.reconnect === false) {
      this.state = 'closed';
      this.disconnectListeners.emit({ reason });
      return;
    }
    this.state = 'reconnecting';
    const lostAt = Date.now();
    this.disconnectListeners.emit({ reason });
    const { initialDelayMs = 100, maxDelayMs = 5_000 } = this.options.reconnect ?? {};
    let delay = initialDelayMs;
    const retry = () => {
      this.reconnectTimer = setTimeout(async () => {
        if (this.state !== 'reconnecting') return;
        let opened: OpenedSocket;
        try {
          opened = await this.open();
        } catch {
          delay = Math.min(maxDelayMs, delay * 2);
          retry();
          return;
        }
        if (this.state !== 'reconnecting') {
          opened.socket.terminate();
          return;
        }
        this.attach(opened);
        await this.resubscribe();
        if (this.connected) this.reconnectListeners.emit({ gapMs: Date.now() - lostAt });
      }, delay);
      this.reconnectTimer.unref();
    };
    retry();
  }

  /** Re-sends every subscription in the order made; ones whose target is gone are dropped. */
  private async resubscribe(): Promise<void> {
    for (const subscription of [...this.subscriptions]) {
      try {
        await this.sendSubscription(subscription.spec, true);
      } catch (error) {
        if (error instanceof ITerm2DisconnectedError) return;
        this.subscriptions.delete(subscription);
      }
    }
  }
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
