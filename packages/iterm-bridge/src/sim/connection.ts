import { create, toBinary } from '@bufbuild/protobuf';
import type { WebSocket } from 'ws';
import type { KeystrokePattern, NotificationType, PromptMonitorMode, VariableScope } from '../gen/api_pb';
import { OutputBudget, type BufferedClient } from './output-budget';
import {
  NotificationSchema,
  ServerOriginatedMessageSchema,
  type Notification,
  type ServerOriginatedMessage,
} from '../gen/api_pb';

/** Extra data a session-scoped subscription carries. */
export interface SessionSubscription {
  promptModes?: PromptMonitorMode[];
  advancedKeystrokes?: boolean;
  /** KEYSTROKE_FILTER: keys matching one of these never reach the program. */
  patternsToIgnore?: KeystrokePattern[];
}

export interface VariableMonitor {
  scope: VariableScope;
  /** Object id, "all" (session/window scope), or "" for the app. */
  identifier: string;
  name: string;
}

/** What holds a socket's writes back and lets them go together (the `net.Socket` under the WebSocket). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** A client whose buffered output passes this is dropped rather than let it eat the server's memory. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** One API client: its socket and everything it subscribed to. Dropped wholesale when it closes. */
export class SimConnection implements BufferedClient {
  readonly connectionTypes = new Set<NotificationType>();
  /** type → session id → options. */
  readonly sessionSubscriptions = new Map<NotificationType, Map<string, SessionSubscription>>();
  /** Session-scoped subscriptions made with "all": applied to sessions created later too. */
  readonly allSessionSubscriptions = new Map<NotificationType, SessionSubscription>();
  readonly variableMonitors: VariableMonitor[] = [];
  /** Signatures of server-originated RPCs this connection registered. */
  readonly rpcSignatures = new Set<string>();
  closed = false;
  private corked = false;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    readonly libraryVersion: string,
    /** TCP clients (the Python library's fallback) die on messages over 1 MiB; unix ones do not. */
    readonly transport: 'tcp' | 'unix',
    /** The socket under the WebSocket: held corked from a turn's first frame to the end of its I/O callbacks. */
    private readonly stream: Corkable,
    /** What all clients of the server may leave unread together (output-budget.ts). */
    private readonly budget: OutputBudget = new OutputBudget(),
  ) {
    budget.add(this);
  }

  get unreadBytes(): number {
    return this.socket.bufferedAmount;
  }

  send(message: ServerOriginatedMessage): void {
    if (this.closed) return;
    this.sendEncoded(toBinary(ServerOriginatedMessageSchema, message));
  }

  /** Sends a ServerOriginatedMessage encoded already (the same bytes may go to every subscriber). */
  sendEncoded(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.holdWritesForTurn();
    this.socket.send(frame, { binary: true });
    this.budget.check(this);
  }

  /**
   * Frames sent in one event-loop turn leave in one write, in order, once the turn's I/O callbacks have run (the
   * check phase of the same iteration): 100 exits, or 100 keystrokes' answers, read together are not hundreds of
   * writes for the server and as many reads for the client. Ordering on this socket is unchanged; against another
   * channel (a script's stdin) a frame may now leave after what the same turn wrote there: no order was ever promised
   * across channels (the ecosystem test's script waits for the notifications it counts).
   */
  private holdWritesForTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.stream.cork();
    setImmediate(() => {
      this.corked = false;
      this.stream.uncork();
    });
  }

  /** Pushes a notification: no id, only `notification` set. */
  notify(fill: (n: Notification) => void): void {
    const notification = create(NotificationSchema, {});
    fill(notification);
    this.send(
      create(ServerOriginatedMessageSchema, { submessage: { case: 'notification', value: notification } }),
    );
  }

  sessionSubscription(type: NotificationType, sessionId: string): SessionSubscription | undefined {
    return this.sessionSubscriptions.get(type)?.get(sessionId);
  }

  addSessionSubscription(type: NotificationType, sessionId: string, options: SessionSubscription): void {
    let bySession = this.sessionSubscriptions.get(type);
    if (!bySession) this.sessionSubscriptions.set(type, (bySession = new Map()));
    bySession.set(sessionId, options);
  }

  /** Applies stored "all" subscriptions to a newly created session. */
  adoptSession(sessionId: string): void {
    for (const [type, options] of this.allSessionSubscriptions)
      this.addSessionSubscription(type, sessionId, options);
  }

  forgetSession(sessionId: string): void {
    for (const bySession of this.sessionSubscriptions.values()) bySession.delete(sessionId);
  }

  /** Cuts the connection at once (a client breaking a bound); 'close' then cleans up as for any other. */
  drop(): void {
    this.socket.terminate();
  }

  close(): void {
    this.closed = true;
    this.budget.delete(this);
    this.connectionTypes.clear();
    this.sessionSubscriptions.clear();
    this.allSessionSubscriptions.clear();
    this.variableMonitors.length = 0;
    this.rpcSignatures.clear();
  }
}
