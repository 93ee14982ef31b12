import { create, toBinary } from '@bufbuild/protobuf';
import type { WebSocket } from 'ws';
import type { KeystrokePattern, NotificationType, PromptMonitorMode, VariableScope } from '../gen/api_pb';
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

/** A client whose buffered output passes this is dropped rather than let it eat the server's memory. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** One API client: its socket and everything it subscribed to. Dropped wholesale when it closes. */
export class SimConnection {
  readonly connectionTypes = new Set<NotificationType>();
  /** type → session id → options. */
  readonly sessionSubscriptions = new Map<NotificationType, Map<string, SessionSubscription>>();
  /** Session-scoped subscriptions made with "all": applied to sessions created later too. */
  readonly allSessionSubscriptions = new Map<NotificationType, SessionSubscription>();
  readonly variableMonitors: VariableMonitor[] = [];
  /** Signatures of server-originated RPCs this connection registered. */
  readonly rpcSignatures = new Set<string>();
  closed = false;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    readonly libraryVersion: string,
    /** TCP clients (the Python library's fallback) die on messages over 1 MiB; unix ones do not. */
    readonly transport: 'tcp' | 'unix',
  ) {}

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
    this.socket.send(frame, { binary: true });
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

  close(): void {
    this.closed = true;
    this.connectionTypes.clear();
    this.sessionSubscriptions.clear();
    this.allSessionSubscriptions.clear();
    this.variableMonitors.length = 0;
    this.rpcSignatures.clear();
  }
}
