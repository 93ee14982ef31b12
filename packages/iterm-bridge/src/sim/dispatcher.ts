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
 * Decodes frames, runs requests and answers them with the request's id. A transaction owned by
 * one connection queues every other connection's requests until it ends (iTerm2 blocks its main loop).
 */
export class Dispatcher {
  private readonly queue: { connection: SimConnection; message: ClientOriginatedMessage }[] = [];

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
    if (owner && owner !== connection) {
      this.queue.push({ connection, message });
      return;
    }
    this.execute(connection, message);
  }

  connectionClosed(connection: SimConnection): void {
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]!.connection === connection) this.queue.splice(i, 1);
    this.state.rpc.dropConnection(connection);
    if (this.state.transactionOwner === connection) this.endTransaction();
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
      if (!next.connection.closed) this.execute(next.connection, next.message);
    }
  }
}
