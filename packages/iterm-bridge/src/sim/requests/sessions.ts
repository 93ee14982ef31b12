import { create, isFieldSet } from '@bufbuild/protobuf';
import {
  ActivateRequestSchema,
  ActivateResponse_Status,
  CloseResponse_Status,
  CreateTabRequestSchema,
  CreateTabResponse_Status,
  CreateTabResponseSchema,
  RestartSessionResponse_Status,
  SplitPaneRequest_SplitDirection,
  SplitPaneRequestSchema,
  SplitPaneResponse_Status,
  type ActivateRequest,
  type CloseRequest,
  type CreateTabRequest,
  type FocusRequest,
  type ListSessionsRequest,
  type ProfileProperty,
  type RestartSessionRequest,
  type SplitPaneRequest,
} from '../../gen/api_pb';
import type { ProfileDict } from '../profiles';
import type { SimSession } from '../session';
import { listSessions as sessionList } from '../session-list';
import { parseJson, type Handler } from './context';

export const listSessions: Handler<ListSessionsRequest> = (ctx) => ({
  case: 'listSessionsResponse',
  value: sessionList(ctx.model),
});

export const focus: Handler<FocusRequest> = (ctx) => ({
  case: 'focusResponse',
  value: { $typeName: 'iterm2.FocusResponse', notifications: ctx.model.focus.snapshot() },
});

/** Custom profile properties as overrides; undefined when one does not parse. */
function overridesOf(properties: ProfileProperty[]): ProfileDict | undefined {
  const out: ProfileDict = {};
  for (const p of properties) {
    const parsed = parseJson(p.jsonValue);
    if (!parsed) return undefined;
    out[p.key] = parsed.value;
  }
  return out;
}

export const createTab: Handler<CreateTabRequest> = (ctx, request) => {
  const reply = (
    status: CreateTabResponse_Status,
    ids?: { windowId: string; tabId: number; sessionId: string },
  ) => ({ case: 'createTabResponse', value: create(CreateTabResponseSchema, { status, ...ids }) }) as const;
  const window = isFieldSet(request, CreateTabRequestSchema.field.windowId)
    ? ctx.model.window(request.windowId)
    : undefined;
  if (isFieldSet(request, CreateTabRequestSchema.field.windowId) && !window)
    return reply(CreateTabResponse_Status.INVALID_WINDOW_ID);
  const profile = ctx.model.profileNamed(request.profileName);
  if (!profile) return reply(CreateTabResponse_Status.INVALID_PROFILE_NAME);
  // Properties whose value does not parse are dropped (CreateTab has no status for them).
  const overrides: ProfileDict = {};
  for (const p of request.customProfileProperties) {
    const parsed = parseJson(p.jsonValue);
    if (parsed) overrides[p.key] = parsed.value;
  }
  if (request.command) Object.assign(overrides, { 'Custom Command': 'Yes', Command: request.command });
  const select = !isFieldSet(request, CreateTabRequestSchema.field.selectTab) || request.selectTab;
  if (!window) {
    const made = ctx.model.createWindow({ profile, overrides });
    const ids = { windowId: made.window.id, tabId: Number(made.tab.id), sessionId: made.session.id };
    const badIndex = isFieldSet(request, CreateTabRequestSchema.field.tabIndex) && request.tabIndex > 0;
    return reply(badIndex ? CreateTabResponse_Status.INVALID_TAB_INDEX : CreateTabResponse_Status.OK, ids);
  }
  const made = ctx.model.createTab(window, select, { profile, overrides });
  const ids = { windowId: window.id, tabId: Number(made.tab.id), sessionId: made.session.id };
  if (isFieldSet(request, CreateTabRequestSchema.field.tabIndex)) {
    // The tab is created, then moved; a bad index leaves it where it is and says so.
    if (request.tabIndex >= window.tabs.length) return reply(CreateTabResponse_Status.INVALID_TAB_INDEX, ids);
    window.tabs.splice(window.tabs.indexOf(made.tab), 1);
    window.tabs.splice(request.tabIndex, 0, made.tab);
    ctx.model.layoutChanged();
  }
  return reply(CreateTabResponse_Status.OK, ids);
};

export const splitPane: Handler<SplitPaneRequest> = (ctx, request) => {
  const reply = (status: SplitPaneResponse_Status, sessionId: string[] = []) =>
    ({
      case: 'splitPaneResponse',
      value: { $typeName: 'iterm2.SplitPaneResponse', status, sessionId },
    }) as const;
  const targets: SimSession[] =
    request.session === 'all' ? ctx.model.allSessions().filter((s) => ctx.model.locate(s.id)) : [];
  if (request.session !== 'all') {
    const one = ctx.model.resolveSession(request.session);
    if (!one) return reply(SplitPaneResponse_Status.SESSION_NOT_FOUND);
    targets.push(one);
  }
  const profile = isFieldSet(request, SplitPaneRequestSchema.field.profileName)
    ? ctx.model.profileNamed(request.profileName)
    : ctx.model.profiles[0];
  if (!profile) return reply(SplitPaneResponse_Status.INVALID_PROFILE_NAME);
  const overrides = overridesOf(request.customProfileProperties);
  if (!overrides) return reply(SplitPaneResponse_Status.MALFORMED_CUSTOM_PROFILE_PROPERTY);
  const vertical = request.splitDirection === SplitPaneRequest_SplitDirection.VERTICAL;
  const made: string[] = [];
  let failed = false;
  for (const target of targets) {
    const result = ctx.model.splitPane(target, vertical, request.before, {
      profile,
      overrides: { ...overrides },
    });
    if (result === 'cannot_split') failed = true;
    else made.push(result.id);
  }
  return reply(failed ? SplitPaneResponse_Status.CANNOT_SPLIT : SplitPaneResponse_Status.OK, made);
};

export const close: Handler<CloseRequest> = (ctx, request) => {
  const statuses: CloseResponse_Status[] = [];
  const target = request.target;
  // No confirmation dialog exists here: force or not, the close goes ahead (nobody can decline).
  const ok = (done: boolean) =>
    statuses.push(done ? CloseResponse_Status.OK : CloseResponse_Status.NOT_FOUND);
  if (target.case === 'windows') for (const id of target.value.windowIds) ok(ctx.model.closeWindow(id));
  if (target.case === 'tabs') for (const id of target.value.tabIds) ok(ctx.model.closeTab(id));
  if (target.case === 'sessions') {
    for (const id of target.value.sessionIds) {
      const session = ctx.model.resolveSession(id);
      ok(session ? ctx.model.closeSession(session.id) : false);
    }
  }
  return { case: 'closeResponse', value: { $typeName: 'iterm2.CloseResponse', statuses } };
};

export const activate: Handler<ActivateRequest> = (ctx, request) => {
  const reply = (status: ActivateResponse_Status) =>
    ({ case: 'activateResponse', value: { $typeName: 'iterm2.ActivateResponse', status } }) as const;
  const { model } = ctx;
  const id = request.identifier;
  let window = id.case === 'windowId' ? model.window(id.value) : undefined;
  let tab = id.case === 'tabId' ? model.tab(id.value)?.tab : undefined;
  let session: SimSession | undefined;
  if (id.case === 'windowId' && !window) return reply(ActivateResponse_Status.BAD_IDENTIFIER);
  if (id.case === 'tabId') {
    if (!tab) return reply(ActivateResponse_Status.BAD_IDENTIFIER);
    window = model.tab(id.value)!.window;
  }
  if (id.case === 'sessionId') {
    session = model.resolveSession(id.value);
    if (!session) return reply(ActivateResponse_Status.BAD_IDENTIFIER);
    if (model.buried.includes(session)) model.unbury(session);
    const where = model.locate(session.id)!;
    window = where.window;
    tab = where.tab;
  }
  if (request.orderWindowFront && !window) return reply(ActivateResponse_Status.INVALID_OPTION);
  if (request.selectTab && !tab) return reply(ActivateResponse_Status.INVALID_OPTION);
  if (request.selectSession && !session) return reply(ActivateResponse_Status.INVALID_OPTION);
  if (isFieldSet(request, ActivateRequestSchema.field.activateApp)) model.focus.setApplicationActive(true);
  if (request.orderWindowFront && window) model.focus.orderFront(window);
  if (request.selectTab && window && tab) model.focus.selectTab(window, tab, false);
  if (request.selectSession && window && tab && session)
    model.focus.setActiveSession(window, tab, session.id);
  return reply(ActivateResponse_Status.OK);
};

export const restartSession: Handler<RestartSessionRequest> = (ctx, request) => {
  const reply = (status: RestartSessionResponse_Status) =>
    ({
      case: 'restartSessionResponse',
      value: { $typeName: 'iterm2.RestartSessionResponse', status },
    }) as const;
  const session = request.sessionId === 'all' ? undefined : ctx.model.resolveSession(request.sessionId);
  if (!session) return reply(RestartSessionResponse_Status.SESSION_NOT_FOUND);
  if (request.onlyIfExited && !session.exited)
    return reply(RestartSessionResponse_Status.SESSION_NOT_RESTARTABLE);
  session.restart();
  return reply(RestartSessionResponse_Status.OK);
};
