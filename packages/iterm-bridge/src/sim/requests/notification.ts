import { isFieldSet, toBinary } from '@bufbuild/protobuf';
import {
  NotificationRequestSchema,
  RPCRegistrationRequestSchema,
  NotificationResponse_Status,
  NotificationType,
  VariableScope,
  type NotificationRequest,
  type ServerOriginatedRPCResultRequest,
  type VariableMonitorRequest,
} from '../../gen/api_pb';
import type { SessionSubscription } from '../connection';
import { signatureOf } from '../rpc-registry';
import type { Handler, RequestContext, Submessage } from './context';

const reply = (status: NotificationResponse_Status): Submessage => ({
  case: 'notificationResponse',
  value: { $typeName: 'iterm2.NotificationResponse', status },
});

const CONNECTION_SCOPED = new Set([
  NotificationType.NOTIFY_ON_NEW_SESSION,
  NotificationType.NOTIFY_ON_TERMINATE_SESSION,
  NotificationType.NOTIFY_ON_LAYOUT_CHANGE,
  NotificationType.NOTIFY_ON_FOCUS_CHANGE,
  NotificationType.NOTIFY_ON_BROADCAST_CHANGE,
]);

const SESSION_SCOPED = new Set([
  NotificationType.NOTIFY_ON_KEYSTROKE,
  NotificationType.NOTIFY_ON_SCREEN_UPDATE,
  NotificationType.NOTIFY_ON_PROMPT,
  NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE,
  NotificationType.KEYSTROKE_FILTER,
]);

const NAME = /^[A-Za-z0-9_]+$/;

/**
 * What one connection may keep subscribed (iTerm2 keeps any number): a client's variable monitors and server-originated
 * RPCs it registered, a monitored variable's name and one registration's encoded size. Past them the request is
 * answered REQUEST_MALFORMED and nothing is kept. Without them one client held +300 MB with 200 monitors of 1 MB names,
 * and each monitor made the next subscription and every variable change scan them all (20,000: 6.5 s).
 */
export const MAX_VARIABLE_MONITORS_PER_CONNECTION = 1_024;
export const MAX_VARIABLE_NAME_LENGTH = 256;
export const MAX_RPC_REGISTRATIONS_PER_CONNECTION = 64;
export const MAX_RPC_REGISTRATION_BYTES = 64 * 1024;

export const notification: Handler<NotificationRequest> = (ctx, request) => {
  if (!isFieldSet(request, NotificationRequestSchema.field.subscribe))
    return reply(NotificationResponse_Status.REQUEST_MALFORMED);
  const type = request.notificationType;
  const c = ctx.connection;
  if (CONNECTION_SCOPED.has(type)) {
    if (request.subscribe) {
      if (c.connectionTypes.has(type)) return reply(NotificationResponse_Status.ALREADY_SUBSCRIBED);
      c.connectionTypes.add(type);
    } else {
      if (!c.connectionTypes.has(type)) return reply(NotificationResponse_Status.NOT_SUBSCRIBED);
      c.connectionTypes.delete(type);
    }
    return reply(NotificationResponse_Status.OK);
  }
  if (SESSION_SCOPED.has(type)) return sessionSubscription(ctx, request);
  if (type === NotificationType.NOTIFY_ON_VARIABLE_CHANGE) {
    const args = request.arguments;
    if (args.case !== 'variableMonitorRequest') return reply(NotificationResponse_Status.REQUEST_MALFORMED);
    return variableMonitor(ctx, args.value, request.subscribe);
  }
  if (type === NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC) return rpcRegistration(ctx, request);
  // NOTIFY_ON_LOCATION_CHANGE is deprecated (REQUEST_MALFORMED in release builds). Quirk:
  // NOTIFY_ON_PROFILE_CHANGE falls into the per-session path of the real server and fails the same way.
  return reply(NotificationResponse_Status.REQUEST_MALFORMED);
};

function sessionSubscription(ctx: RequestContext, request: NotificationRequest): Submessage {
  const c = ctx.connection;
  const type = request.notificationType;
  const options: SessionSubscription = {};
  if (request.arguments.case === 'promptMonitorRequest')
    options.promptModes = [...request.arguments.value.modes];
  if (request.arguments.case === 'keystrokeMonitorRequest')
    options.advancedKeystrokes = request.arguments.value.advanced;
  if (request.arguments.case === 'keystrokeFilterRequest')
    options.patternsToIgnore = [...request.arguments.value.patternsToIgnore];
  if (request.session === 'all') {
    const ids = ctx.model.allSessions().map((s) => s.id);
    if (request.subscribe) {
      const already =
        c.allSessionSubscriptions.has(type) && ids.every((id) => c.sessionSubscription(type, id));
      c.allSessionSubscriptions.set(type, options);
      for (const id of ids) c.addSessionSubscription(type, id, options);
      return reply(already ? NotificationResponse_Status.ALREADY_SUBSCRIBED : NotificationResponse_Status.OK);
    }
    const had = c.allSessionSubscriptions.delete(type) || ids.some((id) => c.sessionSubscription(type, id));
    for (const id of ids) c.sessionSubscriptions.get(type)?.delete(id);
    return reply(had ? NotificationResponse_Status.OK : NotificationResponse_Status.NOT_SUBSCRIBED);
  }
  const session = ctx.model.resolveSession(request.session);
  if (!session) return reply(NotificationResponse_Status.SESSION_NOT_FOUND);
  const existing = c.sessionSubscription(type, session.id);
  if (request.subscribe) {
    if (existing) return reply(NotificationResponse_Status.ALREADY_SUBSCRIBED);
    c.addSessionSubscription(type, session.id, options);
    return reply(NotificationResponse_Status.OK);
  }
  if (!existing) return reply(NotificationResponse_Status.NOT_SUBSCRIBED);
  c.sessionSubscriptions.get(type)?.delete(session.id);
  return reply(NotificationResponse_Status.OK);
}

function variableMonitor(
  ctx: RequestContext,
  monitor: VariableMonitorRequest,
  subscribe: boolean,
): Submessage {
  const { model } = ctx;
  let identifier = monitor.identifier;
  switch (monitor.scope) {
    case VariableScope.APP:
      identifier = '';
      break;
    case VariableScope.SESSION: {
      if (identifier === 'all') break;
      const s = model.resolveSession(identifier);
      if (!s) return reply(NotificationResponse_Status.INVALID_IDENTIFIER);
      identifier = s.id;
      break;
    }
    case VariableScope.WINDOW:
      if (identifier !== 'all' && !model.window(identifier))
        return reply(NotificationResponse_Status.INVALID_IDENTIFIER);
      break;
    case VariableScope.TAB:
      if (!model.tab(identifier)) return reply(NotificationResponse_Status.INVALID_IDENTIFIER);
      break;
    default:
      return reply(NotificationResponse_Status.REQUEST_MALFORMED);
  }
  const monitors = ctx.connection.variableMonitors;
  const at = monitors.findIndex(
    (m) => m.scope === monitor.scope && m.identifier === identifier && m.name === monitor.name,
  );
  if (subscribe) {
    if (at >= 0) return reply(NotificationResponse_Status.ALREADY_SUBSCRIBED);
    if (
      monitor.name.length > MAX_VARIABLE_NAME_LENGTH ||
      monitors.length >= MAX_VARIABLE_MONITORS_PER_CONNECTION
    )
      return reply(NotificationResponse_Status.REQUEST_MALFORMED);
    monitors.push({ scope: monitor.scope, identifier, name: monitor.name });
    return reply(NotificationResponse_Status.OK);
  }
  if (at < 0) return reply(NotificationResponse_Status.NOT_SUBSCRIBED);
  monitors.splice(at, 1);
  return reply(NotificationResponse_Status.OK);
}

function rpcRegistration(ctx: RequestContext, request: NotificationRequest): Submessage {
  if (request.arguments.case !== 'rpcRegistrationRequest')
    return reply(NotificationResponse_Status.REQUEST_MALFORMED);
  const r = request.arguments.value;
  const argNames = r.arguments.map((a) => a.name);
  const valid =
    NAME.test(r.name) &&
    argNames.every((a) => NAME.test(a)) &&
    new Set(argNames).size === argNames.length &&
    r.defaults.every((d) => argNames.includes(d.name));
  if (!valid) return reply(NotificationResponse_Status.REQUEST_MALFORMED);
  const signature = signatureOf(r.name, argNames);
  const registry = ctx.state.rpc;
  if (request.subscribe) {
    if (registry.has(signature)) return reply(NotificationResponse_Status.DUPLICATE_SERVER_ORIGINATED_RPC);
    if (
      ctx.connection.rpcSignatures.size >= MAX_RPC_REGISTRATIONS_PER_CONNECTION ||
      toBinary(RPCRegistrationRequestSchema, r).byteLength > MAX_RPC_REGISTRATION_BYTES
    )
      return reply(NotificationResponse_Status.REQUEST_MALFORMED);
    registry.register(signature, ctx.connection, r);
    return reply(NotificationResponse_Status.OK);
  }
  if (registry.owner(signature) !== ctx.connection) return reply(NotificationResponse_Status.NOT_SUBSCRIBED);
  registry.unregister(signature);
  return reply(NotificationResponse_Status.OK);
}

export const serverOriginatedRpcResult: Handler<ServerOriginatedRPCResultRequest> = (ctx, request) => {
  const result = request.result;
  if (result.case === 'jsonValue') ctx.state.rpc.settle(request.requestId, { value: result.value });
  else if (result.case === 'jsonException') {
    let reason = result.value;
    try {
      const parsed = JSON.parse(result.value) as { reason?: unknown };
      if (typeof parsed.reason === 'string') reason = parsed.reason;
    } catch {
      // keep the raw text
    }
    ctx.state.rpc.settle(request.requestId, { error: reason });
  } else ctx.state.rpc.settle(request.requestId, { value: 'null' });
  return {
    case: 'serverOriginatedRpcResultResponse',
    value: { $typeName: 'iterm2.ServerOriginatedRPCResultResponse' },
  };
};
