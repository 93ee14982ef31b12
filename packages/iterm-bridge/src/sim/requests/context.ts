import type { ServerOriginatedMessage } from '../../gen/api_pb';
import type { AppModel } from '../app-model';
import type { SimConnection } from '../connection';
import type { Notifier } from '../notifications';
import type { JsonValue } from '../profiles';
import type { RpcRegistry } from '../rpc-registry';
import type { DialogQueue, UnreadCounts } from '../script-ui';

/** A saved arrangement: enough to rebuild windows, tabs and split trees with fresh sessions. */
export interface SavedWindow {
  cols: number;
  rows: number;
  tabs: SavedTree[];
}
export type SavedTree = {
  vertical: boolean;
  children: (SavedTree | { profile: string; command?: string })[];
};

/** State of the app that is not the window model. */
export interface ServerState {
  transactionOwner: SimConnection | undefined;
  readonly arrangements: Map<string, SavedWindow[]>;
  broadcastDomains: string[][];
  readonly preferences: Map<string, JsonValue>;
  defaultProfileGuid: string;
  readonly rpc: RpcRegistry;
  readonly selections: Map<string, unknown>;
  readonly dialogs: DialogQueue;
  readonly unreadCounts: UnreadCounts;
}

export interface RequestContext {
  readonly model: AppModel;
  readonly notifier: Notifier;
  readonly connection: SimConnection;
  readonly state: ServerState;
}

export type Submessage = ServerOriginatedMessage['submessage'];

/**
 * A request handler returns the response submessage, or `undefined` for the real server's
 * quirk of answering with an envelope that carries only the id.
 */
export type Handler<T> = (
  ctx: RequestContext,
  request: T,
) => Submessage | undefined | Promise<Submessage | undefined>;

/** Parses a JSON string; undefined when it does not parse. */
export function parseJson(text: string): { value: JsonValue } | undefined {
  try {
    return { value: JSON.parse(text) as JsonValue };
  } catch {
    return undefined;
  }
}

/** What functions run with: everything a request has but the connection it came on (hooks call them too). */
export type ScriptContext = Omit<RequestContext, 'connection'>;
