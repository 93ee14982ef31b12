import { VariableResponse_Status, type VariableRequest } from '../../gen/api_pb';
import type { JsonValue } from '../profiles';
import { appScope, resolvePath, sessionScope, tabScope, windowScope, type Scope } from '../variable-scope';
import { parseJson, type Handler, type RequestContext } from './context';

const USER_NAME = /^user\.[^.]+$/;

function read(scope: Scope, name: string): string {
  if (name === '*') {
    const all: Record<string, string> = {};
    for (const n of scope.builtinNames()) {
      const v = scope.builtin(n);
      if (v !== undefined && v !== null) all[n] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    for (const [n, v] of scope.user) all[`user.${n}`] = typeof v === 'string' ? v : JSON.stringify(v);
    return JSON.stringify(all);
  }
  const v = resolvePath(scope, name);
  return v === undefined ? 'null' : JSON.stringify(v);
}

function write(ctx: RequestContext, scope: Scope, name: string, value: JsonValue): void {
  const short = name.slice(5);
  if (scope.setUser) {
    scope.setUser(short, value);
    return;
  }
  if (value === null) scope.user.delete(short);
  else scope.user.set(short, value);
  ctx.notifier.variableChanged(scope.kind, scope.id, name, JSON.stringify(value));
}

export const variable: Handler<VariableRequest> = (ctx, request) => {
  const reply = (status: VariableResponse_Status, values: string[] = []) =>
    ({ case: 'variableResponse', value: { $typeName: 'iterm2.VariableResponse', status, values } }) as const;
  if (request.set.some((s) => !USER_NAME.test(s.name))) return reply(VariableResponse_Status.INVALID_NAME);
  const { model } = ctx;
  const scope = request.scope;
  let scopes: Scope[];
  switch (scope.case) {
    case undefined:
      return reply(VariableResponse_Status.MISSING_SCOPE);
    case 'sessionId': {
      if (scope.value === 'all') scopes = model.allSessions().map((s) => sessionScope(model, s));
      else {
        const s = model.resolveSession(scope.value);
        if (!s) return reply(VariableResponse_Status.SESSION_NOT_FOUND);
        scopes = [sessionScope(model, s)];
      }
      break;
    }
    case 'tabId': {
      if (scope.value === 'all')
        scopes = model.windows.flatMap((w) => w.tabs.map((t) => tabScope(model, w, t)));
      else {
        const found = model.tab(scope.value);
        if (!found) return reply(VariableResponse_Status.TAB_NOT_FOUND);
        scopes = [tabScope(model, found.window, found.tab)];
      }
      break;
    }
    case 'windowId': {
      // Quirk: "all" for windows is only recognised through the session_id field, so here it is an unknown window.
      const w = model.window(scope.value);
      if (!w) return reply(VariableResponse_Status.WINDOW_NOT_FOUND);
      scopes = [windowScope(model, w)];
      break;
    }
    case 'app':
      scopes = [appScope(model)];
      break;
  }
  const isAll = (scope.case === 'sessionId' || scope.case === 'tabId') && scope.value === 'all';
  if (isAll && request.get.length > 0) return reply(VariableResponse_Status.MULTI_GET_DISALLOWED);
  for (const s of scopes) {
    for (const set of request.set) {
      const parsed = parseJson(set.value);
      write(ctx, s, set.name, parsed ? parsed.value : set.value);
    }
  }
  const first = scopes[0];
  return reply(VariableResponse_Status.OK, first ? request.get.map((name) => read(first, name)) : []);
};
