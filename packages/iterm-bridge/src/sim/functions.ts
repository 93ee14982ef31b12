import { create } from '@bufbuild/protobuf';
import {
  InvokeFunctionResponse_Status,
  InvokeFunctionResponseSchema,
  VariableScope,
  type InvokeFunctionRequest,
  type InvokeFunctionResponse,
} from '../gen/api_pb';
import { applyPlan, LayoutError, planLayout } from './apply-layout';
import { InvocationSyntaxError, parseInvocation } from './invocation';
import type { JsonValue } from './profiles';
import type { Handler, RequestContext } from './requests/context';
import type { SimSession } from './session';
import { sizesOf } from './session-list';
import { paneInDirection, paneRects } from './split-tree';
import { appScope, resolvePath, sessionScope, tabScope, windowScope, type Scope } from './variable-scope';

/** iTerm2's error for a variable reference without `?` whose variable is unset (iTermExpressionParser). */
const undefinedReference = (path: string) =>
  `Reference to undefined variable "${path}". Change it to "${path}?" to treat the undefined value as null.`;

/** The object a function runs against: decides variable lookups and which methods make sense. */
type Receiver =
  | { kind: 'app' }
  | { kind: 'session'; session: SimSession }
  | { kind: 'tab'; tabId: string }
  | { kind: 'window'; windowId: string };

class FunctionFailure extends Error {}

const failed = (status: InvokeFunctionResponse_Status, reason: string): InvokeFunctionResponse =>
  create(InvokeFunctionResponseSchema, {
    disposition: {
      case: 'error',
      value: { $typeName: 'iterm2.InvokeFunctionResponse.Error', status, errorReason: reason },
    },
  });

const success = (value: JsonValue): InvokeFunctionResponse =>
  create(InvokeFunctionResponseSchema, {
    disposition: {
      case: 'success',
      value: { $typeName: 'iterm2.InvokeFunctionResponse.Success', jsonResult: JSON.stringify(value) },
    },
  });

type Builtin = (ctx: RequestContext, receiver: Receiver, args: Map<string, JsonValue>) => JsonValue;

const str = (args: Map<string, JsonValue>, name: string): string => {
  const v = args.get(name);
  if (typeof v !== 'string') throw new FunctionFailure(`argument ${name} must be a string`);
  return v;
};
const optionalString = (args: Map<string, JsonValue>, name: string): string | undefined => {
  const v = args.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FunctionFailure(`argument ${name} must be a string`);
  return v;
};
const session = (ctx: RequestContext, args: Map<string, JsonValue>, name: string): SimSession => {
  const id = str(args, name);
  return ctx.model.sessions.get(id) ?? fail(`No such session ${id}`);
};
const fail = (reason: string): never => {
  throw new FunctionFailure(reason);
};

const builtins: Record<string, Builtin> = {
  'iterm2.move_session': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const destination = session(ctx, args, 'destination');
    if (moving === destination) fail('Cannot move a session next to itself');
    if (!ctx.model.locate(destination.id)) fail('Destination session is not in a tab');
    ctx.model.moveSession(moving, destination, args.get('vertical') === true, args.get('before') === true);
    return null;
  },
  'iterm2.move_session_to_new_tab': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const windowId = optionalString(args, 'window_id');
    const where = ctx.model.locate(moving.id);
    const window =
      windowId !== undefined
        ? (ctx.model.window(windowId) ?? fail(`No such window ${windowId}`))
        : where?.window;
    if (!window) fail('Session is not in a window');
    const index = args.get('tab_index');
    if (index !== undefined && index !== null && (typeof index !== 'number' || index < 0))
      fail('tab_index must be a non-negative number');
    const tab = ctx.model.moveSessionToNewTab(moving, window!, typeof index === 'number' ? index : undefined);
    return tab.id;
  },
  'iterm2.move_session_to_new_window': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const where = ctx.model.locate(moving.id);
    if (!where) fail('Session is not in a window');
    const alone = where!.tab.root.children.length === 1 && where!.window.tabs.length === 1;
    if (alone) fail('Session is the only one in its window');
    return ctx.model.moveSessionToNewWindow(moving).id;
  },
  'iterm2.apply_layout': (ctx, _r, args) => {
    try {
      applyPlan(ctx.model, planLayout(ctx.model, args.get('spec_json_b64')));
    } catch (e) {
      if (e instanceof LayoutError) fail(e.message);
      throw e;
    }
    return null;
  },
  'iterm2.set_title': (ctx, receiver, args) => {
    const title = str(args, 'title');
    if (receiver.kind === 'window') {
      const w = ctx.model.window(receiver.windowId)!;
      w.title = title;
      ctx.notifier.variableChanged(VariableScope.WINDOW, w.id, 'title', JSON.stringify(title));
    } else if (receiver.kind === 'tab') {
      const t = ctx.model.tab(receiver.tabId)!.tab;
      t.title = title;
      ctx.notifier.variableChanged(VariableScope.TAB, t.id, 'title', JSON.stringify(title));
    } else fail('set_title needs a window or tab receiver');
    return null;
  },
  'iterm2.select_pane_in_direction': (ctx, receiver, args) => {
    if (receiver.kind !== 'tab') return fail('select_pane_in_direction needs a tab receiver');
    const direction = str(args, 'direction');
    if (direction !== 'left' && direction !== 'right' && direction !== 'above' && direction !== 'below')
      return fail(`Invalid direction ${direction}`);
    const { window, tab } = ctx.model.tab(receiver.tabId)!;
    const target = paneInDirection(
      paneRects(tab.root, sizesOf(ctx.model.sessions, tab.root)),
      tab.activeSessionId,
      direction,
    );
    if (!target) return null;
    ctx.model.focus.setActiveSession(window, tab, target);
    return target;
  },
  'iterm2.set_name': (ctx, receiver, args) => {
    if (receiver.kind !== 'session') return fail('set_name needs a session receiver');
    const name = str(args, 'name');
    receiver.session.explicitName = name;
    ctx.notifier.variableChanged(VariableScope.SESSION, receiver.session.id, 'name', JSON.stringify(name));
    ctx.model.layoutChanged();
    return null;
  },
};

/** The receiver's variable scope, as iTerm2 evaluates invocations and RPC defaults in it. */
function scopeOf(ctx: RequestContext, receiver: Receiver): Scope {
  const { model } = ctx;
  switch (receiver.kind) {
    case 'session':
      return sessionScope(model, receiver.session);
    case 'tab': {
      const { window, tab } = model.tab(receiver.tabId)!;
      return tabScope(model, window, tab);
    }
    case 'window':
      return windowScope(model, model.window(receiver.windowId)!);
    case 'app':
      return appScope(model);
  }
}

function receiverOf(ctx: RequestContext, request: InvokeFunctionRequest): Receiver | InvokeFunctionResponse {
  const c = request.context;
  const { model } = ctx;
  switch (c.case) {
    case 'app':
      return { kind: 'app' };
    case 'session': {
      const s = model.resolveSession(c.value.sessionId);
      return s
        ? { kind: 'session', session: s }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such session');
    }
    case 'tab':
      return model.tab(c.value.tabId)
        ? { kind: 'tab', tabId: c.value.tabId }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such tab');
    case 'window':
      return model.window(c.value.windowId)
        ? { kind: 'window', windowId: c.value.windowId }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such window');
    case 'method': {
      const id = c.value.receiver;
      if (!id) return failed(InvokeFunctionResponse_Status.REQUEST_MALFORMED, 'Method without a receiver');
      const s = model.sessions.get(id);
      if (s) return { kind: 'session', session: s };
      if (model.tab(id)) return { kind: 'tab', tabId: id };
      if (model.window(id)) return { kind: 'window', windowId: id };
      return failed(InvokeFunctionResponse_Status.INVALID_ID, `No such object ${id}`);
    }
    default:
      return failed(InvokeFunctionResponse_Status.REQUEST_MALFORMED, 'No context');
  }
}

export const invokeFunction: Handler<InvokeFunctionRequest> = async (ctx, request) => {
  const reply = (value: InvokeFunctionResponse) => ({ case: 'invokeFunctionResponse', value }) as const;
  const receiver = receiverOf(ctx, request);
  if ('$typeName' in receiver) return reply(receiver);
  let invocation;
  try {
    invocation = parseInvocation(request.invocation);
  } catch (e) {
    if (e instanceof InvocationSyntaxError)
      return reply(failed(InvokeFunctionResponse_Status.FAILED, `Syntax error in invocation: ${e.message}`));
    throw e;
  }
  const scope = scopeOf(ctx, receiver);
  const args = new Map<string, JsonValue>();
  for (const [k, v] of invocation.args) {
    if (v.kind === 'literal') {
      args.set(k, v.value);
      continue;
    }
    const value = resolvePath(scope, v.path);
    if (value === undefined && !v.optional)
      return reply(failed(InvokeFunctionResponse_Status.FAILED, undefinedReference(v.path)));
    args.set(k, value ?? null);
  }
  const builtin = builtins[invocation.name];
  if (builtin) {
    try {
      return reply(success(builtin(ctx, receiver, args)));
    } catch (e) {
      if (e instanceof FunctionFailure) return reply(failed(InvokeFunctionResponse_Status.FAILED, e.message));
      throw e;
    }
  }
  const found = ctx.state.rpc.find(invocation.name, args, (path) => resolvePath(scope, path));
  if (!found)
    return reply(
      failed(
        InvokeFunctionResponse_Status.FAILED,
        `No function registered for invocation "${request.invocation}"`,
      ),
    );
  const { registration, fullArguments } = found;
  const timeout = request.timeout < 0 || !Number.isFinite(request.timeout) ? 30 : request.timeout;
  const result = await ctx.state.rpc.call(
    registration,
    [...fullArguments].map(([name, v]) => ({ name, jsonValue: JSON.stringify(v) })),
    timeout,
  );
  if ('value' in result)
    return reply(
      create(InvokeFunctionResponseSchema, {
        disposition: {
          case: 'success',
          value: { $typeName: 'iterm2.InvokeFunctionResponse.Success', jsonResult: result.value },
        },
      }),
    );
  return reply(
    failed(
      result.error === 'Timeout'
        ? InvokeFunctionResponse_Status.TIMEOUT
        : InvokeFunctionResponse_Status.FAILED,
      result.error,
    ),
  );
};
