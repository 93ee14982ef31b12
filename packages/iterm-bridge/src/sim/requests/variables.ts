import { hostname, userInfo } from 'node:os';
import { VariableResponse_Status, VariableScope, type VariableRequest } from '../../gen/api_pb';
import type { AppModel } from '../app-model';
import type { SimTab, SimWindow } from '../model-types';
import type { JsonValue } from '../profiles';
import type { SimSession } from '../session';
import { parseJson, type Handler, type RequestContext } from './context';

/** A variable scope object: how to read its variables and where its user variables live. */
interface Scope {
  kind: VariableScope;
  id: string;
  builtin(name: string): JsonValue | undefined;
  builtinNames(): string[];
  user: Map<string, JsonValue>;
  setUser?(name: string, value: JsonValue): void;
}

const USER_NAME = /^user\.[^.]+$/;

function sessionScope(model: AppModel, s: SimSession): Scope {
  const tab = () => model.locate(s.id)?.tab;
  const values: Record<string, () => JsonValue | undefined> = {
    id: () => s.id,
    name: () => s.name,
    autoName: () => s.autoName ?? s.name,
    presentationName: () => s.name,
    jobName: () => s.jobName,
    jobPid: () => s.pid ?? null,
    pid: () => s.pid ?? null,
    commandLine: () => s.jobName,
    path: () => s.variables.get('path') ?? process.cwd(),
    hostname: () => s.variables.get('hostname') ?? hostname(),
    username: () => s.variables.get('username') ?? userInfo().username,
    tty: () => '',
    columns: () => s.cols,
    rows: () => s.rows,
    profileName: () => String(s.setting('Name') ?? ''),
    termid: () =>
      model.locate(s.id)
        ? `w${model.windows.indexOf(model.locate(s.id)!.window)}t${model.locate(s.id)!.window.tabs.indexOf(model.locate(s.id)!.tab)}p0`
        : '',
    badge: () => String(s.setting('Badge Text') ?? ''),
    lastCommand: () => s.prompts.last?.command ?? null,
    selection: () => '',
    'tab.title': () => tab()?.title ?? s.name,
    'tab.tabID': () => tab()?.id ?? null,
  };
  return {
    kind: VariableScope.SESSION,
    id: s.id,
    builtin: (name) => values[name]?.(),
    builtinNames: () => Object.keys(values).filter((k) => !k.includes('.')),
    user: s.userVariables,
    setUser: (name, value) => s.setUserVariable(name, value),
  };
}

function tabScope(model: AppModel, window: SimWindow, tab: SimTab): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    tabID: () => tab.id,
    id: () => tab.id,
    title: () => tab.title ?? model.sessions.get(tab.activeSessionId)?.name ?? '',
    'currentSession.id': () => tab.activeSessionId,
    'window.id': () => window.id,
  };
  return {
    kind: VariableScope.TAB,
    id: tab.id,
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['tabID', 'title'],
    user: tab.userVariables,
  };
}

function windowScope(model: AppModel, window: SimWindow): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    id: () => window.id,
    number: () => window.number,
    title: () =>
      window.title ??
      model.sessions.get(window.tabs.find((t) => t.id === window.selectedTabId)?.activeSessionId ?? '')
        ?.name ??
      '',
    'currentTab.tabID': () => window.selectedTabId,
  };
  return {
    kind: VariableScope.WINDOW,
    id: window.id,
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['id', 'number', 'title'],
    user: window.userVariables,
  };
}

function appScope(model: AppModel): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    pid: () => process.pid,
    localhostName: () => hostname(),
    effectiveTheme: () => 'dark',
    'currentWindow.id': () => model.focus.keyWindowId ?? null,
  };
  return {
    kind: VariableScope.APP,
    id: '',
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['pid', 'localhostName', 'effectiveTheme'],
    user: model.appVariables,
  };
}

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
  if (name.startsWith('user.')) {
    const v = scope.user.get(name.slice(5));
    return v === undefined ? 'null' : JSON.stringify(v);
  }
  const v = scope.builtin(name);
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
