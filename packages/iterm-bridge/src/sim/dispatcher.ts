import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientOriginatedMessageSchema,
  ServerOriginatedMessageSchema,
  TransactionResponse_Status,
  type ClientOriginatedMessage,
  type TransactionRequest,
} from '../gen/api_pb';
import type { AppModel } from './app-model';
import type { SimConnection } from './connection';
import { invokeFunction } from './functions';
import { internalError } from './internal-error';
import type { Notifier } from './notifications';
import * as app from './requests/app';
import { savedArrangement } from './requests/arrangements';
import type { Handler, RequestContext, ServerState, Submessage } from './requests/context';
import { notification, serverOriginatedRpcResult } from './requests/notification';
import { getProfileProperty, listProfiles, setProfileProperty } from './requests/profiles';
import { getProperty, reorderTabs, setProperty, setTabLayout } from './requests/properties';
import {
  activate,
  close,
  createTab,
  focus,
  listSessions,
  restartSession,
  splitPane,
} from './requests/sessions';
import { getBuffer, getPrompt, inject, listPrompts, sendText } from './requests/text';
import { variable } from './requests/variables';

type RequestCase = NonNullable<ClientOriginatedMessage['submessage']['case']>;
type RequestOf<C extends RequestCase> = Extract<ClientOriginatedMessage['submessage'], { case: C }>['value'];

/** Every request the simulator answers, by oneof case. Transactions are handled by the dispatcher itself. */
const handlers: { [C in Exclude<RequestCase, 'transactionRequest'>]: Handler<RequestOf<C>> } = {
  getBufferRequest: getBuffer,
  getPromptRequest: getPrompt,
  notificationRequest: notification,
  registerToolRequest: app.registerTool,
  setProfilePropertyRequest: setProfileProperty,
  listSessionsRequest: listSessions,
  sendTextRequest: sendText,
  createTabRequest: createTab,
  splitPaneRequest: splitPane,
  getProfilePropertyRequest: getProfileProperty,
  setPropertyRequest: setProperty,
  getPropertyRequest: getProperty,
  injectRequest: inject,
  activateRequest: activate,
  variableRequest: variable,
  savedArrangementRequest: savedArrangement,
  focusRequest: focus,
  listProfilesRequest: listProfiles,
  serverOriginatedRpcResultRequest: serverOriginatedRpcResult,
  restartSessionRequest: restartSession,
  menuItemRequest: app.menuItem,
  setTabLayoutRequest: setTabLayout,
  getBroadcastDomainsRequest: app.getBroadcastDomains,
  tmuxRequest: app.tmux,
  reorderTabsRequest: reorderTabs,
  preferencesRequest: app.preferences,
  colorPresetRequest: app.colorPreset,
  selectionRequest: app.selection,
  statusBarComponentRequest: app.statusBarComponent,
  setBroadcastDomainsRequest: app.setBroadcastDomains,
  closeRequest: close,
  invokeFunctionRequest: invokeFunction,
  listPromptsRequest: listPrompts,
  screenshotRequest: app.screenshot,
};

/**
 * One client frame as a request, or undefined when it does not parse. Unknown fields are skipped as
 * iTerm2 does but not kept: a frame full of them must not turn into hundreds of thousands of objects.
 */
export function decodeClientMessage(bytes: Uint8Array): ClientOriginatedMessage | undefined {
  try {
    return fromBinary(ClientOriginatedMessageSchema, bytes, { readUnknownFields: false });
  } catch {
    return undefined;
  }
}

/** A request's bytes as a client sends them (for tools and tests that speak the protocol by hand). */
export function encodeClientMessage(
  message: MessageInitShape<typeof ClientOriginatedMessageSchema>,
): Uint8Array {
  return toBinary(ClientOriginatedMessageSchema, create(ClientOriginatedMessageSchema, message));
}

export const INVALID_REQUEST = 'Invalid request. Upgrade iTerm2 to a newer version.';

/**
 * What one connection may have waiting for another's transaction to end; past either bound it is dropped. A frame is
 * up to 1 MiB and arrives as fast as the socket carries it, so without a bound a second connection of the holder
 * could queue gigabytes while the first holds the transaction (iTerm2 queues without a bound: its main loop is blocked).
 */
export const MAX_QUEUED_BYTES_PER_CONNECTION = 8 * 1024 * 1024;
export const MAX_QUEUED_REQUESTS_PER_CONNECTION = 4_096;
/** What all connections together may have queued; past it the connection with the most queued bytes is dropped. */
export const MAX_QUEUED_BYTES_TOTAL = 32 * 1024 * 1024;

interface Queued {
  connection: SimConnection;
  message: ClientOriginatedMessage;
  bytes: number;
}

/**
 * Decodes frames, runs requests and answers them with the request's id. A transaction owned by
 * one connection queues every other connection's requests until it ends (iTerm2 blocks its main loop).
 */
export class Dispatcher {
  private readonly queue: Queued[] = [];
  /** Per connection with requests queued: how many and their frames' bytes. */
  private readonly queuedBy = new Map<SimConnection, { requests: number; bytes: number }>();
  private queuedBytes = 0;

  /** Ends a transaction held past the bound (none by default: iTerm2 ends one only on request or disconnect). */
  private transactionTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly model: AppModel,
    private readonly notifier: Notifier,
    readonly state: ServerState,
    private readonly maxTransactionMs?: number,
  ) {}

  /** Requests waiting for another connection's transaction to end. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /** One binary frame from a client. Frames that do not parse are ignored (no reply), as iTerm2 does. */
  handleFrame(connection: SimConnection, bytes: Uint8Array): void {
    const message = decodeClientMessage(bytes);
    if (!message) return;
    const owner = this.state.transactionOwner;
    if (owner && owner !== connection) this.enqueue({ connection, message, bytes: bytes.byteLength });
    else this.execute(connection, message);
  }

  connectionClosed(connection: SimConnection): void {
    this.forgetQueued(connection);
    this.state.rpc.dropConnection(connection);
    if (this.state.transactionOwner === connection) this.endTransaction();
  }

  private enqueue(entry: Queued): void {
    const { connection } = entry;
    const counts = this.queuedBy.get(connection) ?? { requests: 0, bytes: 0 };
    if (
      counts.requests + 1 > MAX_QUEUED_REQUESTS_PER_CONNECTION ||
      counts.bytes + entry.bytes > MAX_QUEUED_BYTES_PER_CONNECTION
    ) {
      this.forgetQueued(connection);
      connection.drop();
      return;
    }
    counts.requests += 1;
    counts.bytes += entry.bytes;
    this.queuedBy.set(connection, counts);
    this.queue.push(entry);
    this.queuedBytes += entry.bytes;
    while (this.queuedBytes > MAX_QUEUED_BYTES_TOTAL) {
      let most: SimConnection | undefined;
      for (const [c, n] of this.queuedBy) if (!most || n.bytes > this.queuedBy.get(most)!.bytes) most = c;
      this.forgetQueued(most!);
      most!.drop();
    }
  }

  private forgetQueued(connection: SimConnection): void {
    const counts = this.queuedBy.get(connection);
    if (!counts) return;
    this.queuedBytes -= counts.bytes;
    this.queuedBy.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]!.connection === connection) this.queue.splice(i, 1);
  }

  private execute(connection: SimConnection, message: ClientOriginatedMessage): void {
    const respond = (submessage: Submessage | undefined) => {
      // iTerm2 copies the id unconditionally (ObjC has-bit set on assignment), so 0 is sent too.
      connection.send(
        create(
          ServerOriginatedMessageSchema,
          submessage ? { id: message.id, submessage } : { id: message.id },
        ),
      );
    };
    const request = message.submessage;
    if (request.case === undefined) {
      respond({ case: 'error', value: INVALID_REQUEST });
      return;
    }
    if (request.case === 'transactionRequest') {
      respond(this.transaction(connection, request.value));
      return;
    }
    const handler = handlers[request.case] as Handler<typeof request.value> | undefined;
    if (!handler) {
      respond({ case: 'error', value: INVALID_REQUEST });
      return;
    }
    const ctx: RequestContext = { model: this.model, notifier: this.notifier, connection, state: this.state };
    const failed = (e: unknown) => respond({ case: 'error', value: internalError(e) });
    try {
      const result = handler(ctx, request.value);
      if (result instanceof Promise) result.then(respond, failed);
      else respond(result);
    } catch (e) {
      failed(e);
    }
  }

  private transaction(connection: SimConnection, request: TransactionRequest): Submessage {
    const reply = (status: TransactionResponse_Status): Submessage => ({
      case: 'transactionResponse',
      value: { $typeName: 'iterm2.TransactionResponse', status },
    });
    if (request.begin) {
      if (this.state.transactionOwner) return reply(TransactionResponse_Status.ALREADY_IN_TRANSACTION);
      this.state.transactionOwner = connection;
      this.notifier.hold(true);
      // Bounded on request: one client holding a transaction open would otherwise stall every other client.
      if (this.maxTransactionMs !== undefined) {
        this.transactionTimer = setTimeout(
          () => this.state.transactionOwner === connection && this.endTransaction(),
          this.maxTransactionMs,
        );
        this.transactionTimer.unref();
      }
      return reply(TransactionResponse_Status.OK);
    }
    if (this.state.transactionOwner !== connection) return reply(TransactionResponse_Status.NO_TRANSACTION);
    // The response goes out first; queued requests of other connections run right after.
    queueMicrotask(() => this.endTransaction());
    this.state.transactionOwner = undefined;
    return reply(TransactionResponse_Status.OK);
  }

  private endTransaction(): void {
    clearTimeout(this.transactionTimer);
    this.transactionTimer = undefined;
    this.state.transactionOwner = undefined;
    this.notifier.hold(false);
    while (this.queue.length > 0 && !this.state.transactionOwner) {
      const next = this.queue.shift()!;
      const counts = this.queuedBy.get(next.connection);
      if (counts) this.queuedBytes -= next.bytes;
      if (counts && --counts.requests === 0) this.queuedBy.delete(next.connection);
      else if (counts) counts.bytes -= next.bytes;
      if (!next.connection.closed) this.execute(next.connection, next.message);
    }
  }
}
