import { create, isFieldSet, toBinary } from '@bufbuild/protobuf';
import {
  GetBufferResponse_Status,
  GetBufferResponseSchema,
  GetPromptResponse_Status,
  GetPromptResponseSchema,
  InjectResponse_Status,
  LineContentsSchema,
  LineRangeSchema,
  ListPromptsResponse_Status,
  SendTextResponse_Status,
  WindowedCoordRangeSchema,
  type GetBufferRequest,
  type GetPromptRequest,
  type InjectRequest,
  type ListPromptsRequest,
  type SendTextRequest,
} from '../../gen/api_pb';
import { broadcastPeers } from '../broadcast';
import { promptResponse } from '../prompts';
import { readLines } from '../screen';
import type { SimSession } from '../session';
import type { Handler } from './context';

const MAX_TRAILING_LINES = 1_000_000;
/** 1 MiB less room for the envelope, cursor and range. */
const TCP_MESSAGE_LIMIT = 1024 * 1024 - 4096;

export const sendText: Handler<SendTextRequest> = (ctx, request) => {
  const reply = (status: SendTextResponse_Status) =>
    ({ case: 'sendTextResponse', value: { $typeName: 'iterm2.SendTextResponse', status } }) as const;
  const targets =
    request.session === 'all'
      ? ctx.model.allSessions()
      : [ctx.model.resolveSession(request.session)].filter((s) => s !== undefined);
  const live = targets.filter((s) => !s.exited);
  if (live.length === 0) return reply(SendTextResponse_Status.SESSION_NOT_FOUND);
  const receivers = new Set(live);
  if (!request.suppressBroadcast)
    for (const s of live)
      for (const peer of broadcastPeers(ctx.state.broadcastDomains, ctx.model, s)) receivers.add(peer);
  for (const s of receivers) s.write(request.text);
  return reply(SendTextResponse_Status.OK);
};

/**
 * iTerm2 parses injected bytes before answering, so the answer waits until the screens have them. Each session named
 * gets the bytes once, however often the request names it (iTerm2: once per id): one 750 KB frame naming `all`
 * 150,000 times made 150,000 injections into every session, 11 s of the server's event loop with one session.
 */
export const inject: Handler<InjectRequest> = async (ctx, request) => {
  const status: InjectResponse_Status[] = [];
  const touched = new Set<SimSession>();
  let everySession: SimSession[] | undefined;
  for (const id of request.sessionId) {
    const targets =
      id === 'all'
        ? (everySession ??= ctx.model.allSessions())
        : [ctx.model.resolveSession(id)].filter((s) => s !== undefined);
    for (const s of targets) touched.add(s);
    status.push(targets.length > 0 ? InjectResponse_Status.OK : InjectResponse_Status.SESSION_NOT_FOUND);
  }
  for (const s of touched) s.inject(request.data);
  await Promise.all([...touched].map((s) => s.settled()));
  return { case: 'injectResponse', value: { $typeName: 'iterm2.InjectResponse', status } };
};

export const getBuffer: Handler<GetBufferRequest> = async (ctx, request) => {
  const session = request.session === 'all' ? undefined : ctx.model.resolveSession(request.session);
  if (!session)
    return {
      case: 'getBufferResponse',
      value: create(GetBufferResponseSchema, { status: GetBufferResponse_Status.SESSION_NOT_FOUND }),
    };
  await session.settled();
  const n = session.numbering;
  const firstAvailable = n.overflow;
  const endAvailable = n.overflow + n.history + n.rows;
  const range = request.lineRange;
  let first: number;
  let end: number;
  let columns: { from: number; to: number } | undefined;
  if (range && isFieldSet(range, LineRangeSchema.field.windowedCoordRange)) {
    const w = range.windowedCoordRange!;
    first = Number(w.coordRange?.start?.y ?? 0n);
    end = Number(w.coordRange?.end?.y ?? 0n);
    const location = Number(w.columns?.location ?? 0n);
    const length = Number(w.columns?.length ?? 0n);
    if (length > 0) columns = { from: location, to: location + length };
  } else if (
    range &&
    isFieldSet(range, LineRangeSchema.field.screenContentsOnly) !==
      isFieldSet(range, LineRangeSchema.field.trailingLines)
  ) {
    if (isFieldSet(range, LineRangeSchema.field.screenContentsOnly)) {
      first = n.overflow + n.history;
      end = first + n.rows;
    } else {
      const count = Math.min(Math.max(0, range.trailingLines), n.history + n.rows, MAX_TRAILING_LINES);
      end = endAvailable;
      first = end - count;
    }
  } else {
    // Quirk of the real server: no (or an ambiguous) line range → an envelope with only the id.
    return undefined;
  }
  first = Math.max(first, firstAvailable);
  end = Math.max(first, Math.min(end, endAvailable));
  let contents = readLines(session.term, n, first, end - first, request.includeStyles, columns);
  if (ctx.connection.transport === 'tcp') {
    // §12: keep messages under the 1 MiB a TCP client of the Python library accepts; the oldest lines go.
    let budget = TCP_MESSAGE_LIMIT;
    let keep = contents.length;
    while (keep > 0) {
      const size = toBinary(LineContentsSchema, contents[keep - 1]!).length + 8;
      if (size > budget) break;
      budget -= size;
      keep--;
    }
    if (keep > 0) {
      contents = contents.slice(keep);
      first += keep;
    }
  }
  const cursor = session.cursorAbsolute();
  return {
    case: 'getBufferResponse',
    value: create(GetBufferResponseSchema, {
      status: GetBufferResponse_Status.OK,
      contents,
      cursor: { x: cursor.x, y: BigInt(cursor.y) },
      windowedCoordRange: create(WindowedCoordRangeSchema, {
        coordRange: { start: { x: 0, y: BigInt(first) }, end: { x: 0, y: BigInt(end) } },
        ...(columns
          ? { columns: { location: BigInt(columns.from), length: BigInt(columns.to - columns.from) } }
          : {}),
      }),
    }),
  };
};

export const getPrompt: Handler<GetPromptRequest> = (ctx, request) => {
  const reply = (status: GetPromptResponse_Status) =>
    ({ case: 'getPromptResponse', value: create(GetPromptResponseSchema, { status }) }) as const;
  const session = ctx.model.resolveSession(request.session);
  if (!session) return reply(GetPromptResponse_Status.SESSION_NOT_FOUND);
  const record = request.uniquePromptId ? session.prompts.find(request.uniquePromptId) : session.prompts.last;
  if (!record) return reply(GetPromptResponse_Status.PROMPT_UNAVAILABLE);
  return { case: 'getPromptResponse', value: promptResponse(record, session.cursorAbsolute()) };
};

export const listPrompts: Handler<ListPromptsRequest> = (ctx, request) => {
  const session = ctx.model.resolveSession(request.session);
  if (!session)
    return {
      case: 'listPromptsResponse',
      value: {
        $typeName: 'iterm2.ListPromptsResponse',
        status: ListPromptsResponse_Status.SESSION_NOT_FOUND,
        uniquePromptId: [],
      },
    };
  let ids = session.prompts.records.map((r) => r.id);
  if (request.firstUniqueId) ids = ids.slice(Math.max(0, ids.indexOf(request.firstUniqueId)));
  if (request.lastUniqueId && ids.includes(request.lastUniqueId))
    ids = ids.slice(0, ids.indexOf(request.lastUniqueId) + 1);
  return {
    case: 'listPromptsResponse',
    value: {
      $typeName: 'iterm2.ListPromptsResponse',
      status: ListPromptsResponse_Status.OK,
      uniquePromptId: ids,
    },
  };
};
