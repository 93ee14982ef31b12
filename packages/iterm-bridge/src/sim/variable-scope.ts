import { homedir, hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import { VariableScope } from '../gen/api_pb';
import type { AppModel } from './app-model';
import type { SimTab, SimWindow } from './model-types';
import type { JsonValue } from './profiles';
import type { SimSession } from './session';

/**
 * A variable scope as iTerm2's iTermVariableScope builds it: the object's own variables, `user.*`,
 * and named links to other scopes (a session's `tab` and `iterm2`, a tab's `currentSession` and
 * `window`, a window's `currentTab` and `iterm2`), so `tab.currentSession.name` resolves from a session.
 */
export interface Scope {
  kind: VariableScope;
  id: string;
  builtin(name: string): JsonValue | undefined;
  builtinNames(): string[];
  link(name: string): Scope | undefined;
  user: Map<string, JsonValue>;
  setUser?(name: string, value: JsonValue): void;
}

/** iTerm2's MouseMode numbers (VT100TerminalDelegate.h) for xterm.js' tracking modes. */
const MOUSE_MODE: Record<string, number> = { none: -1, x10: 0, vt200: 0, drag: 2, any: 3 };

export function sessionScope(model: AppModel, s: SimSession): Scope {
  const where = () => model.locate(s.id);
  const termid = () => {
    const w = where();
    return w ? `w${model.windows.indexOf(w.window)}t${w.window.tabs.indexOf(w.tab)}p0` : '';
  };
  const values: Record<string, () => JsonValue | undefined> = {
    id: () => s.id,
    name: () => s.name,
    autoName: () => s.autoName ?? s.name,
    autoNameFormat: () => String(s.setting('Name') ?? ''),
    presentationName: () => s.name,
    terminalIconName: () => s.terminal.iconName,
    terminalWindowName: () => s.terminal.windowName,
    jobName: () => s.jobName,
    processTitle: () => s.jobName,
    jobPid: () => s.pid ?? null,
    pid: () => s.pid ?? null,
    commandLine: () => s.jobName,
    path: () => s.variables.get('path') ?? process.cwd(),
    hostname: () => s.variables.get('hostname') ?? hostname(),
    username: () => s.variables.get('username') ?? userInfo().username,
    homeDirectory: () => homedir(),
    shell: () => basename(process.env['SHELL'] ?? 'sh'),
    tty: () => '',
    columns: () => s.cols,
    rows: () => s.rows,
    profileName: () => String(s.setting('Name') ?? ''),
    termid,
    badge: () => String(s.setting('Badge Text') ?? ''),
    lastCommand: () => s.prompts.last?.command ?? null,
    selection: () => s.terminal.selection,
    selectionLength: () => s.terminal.selection.length,
    creationTimeString: () => s.terminal.createdAt,
    bellCount: () => s.terminal.bellCount,
    mouseReportingMode: () => MOUSE_MODE[s.term.modes.mouseTrackingMode] ?? -1,
    showingAlternateScreen: () => s.term.buffer.active.type === 'alternate',
    applicationKeypad: () => s.term.modes.applicationKeypadMode,
  };
  return {
    kind: VariableScope.SESSION,
    id: s.id,
    builtin: (name) => values[name]?.(),
    builtinNames: () => Object.keys(values),
    link: (name) => {
      if (name === 'iterm2') return appScope(model);
      const w = name === 'tab' ? where() : undefined;
      return w ? tabScope(model, w.window, w.tab) : undefined;
    },
    user: s.userVariables,
    setUser: (name, value) => s.setUserVariable(name, value),
  };
}

export function tabScope(model: AppModel, window: SimWindow, tab: SimTab): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    tabID: () => tab.id,
    id: () => tab.id,
    title: () => tab.title ?? model.sessions.get(tab.activeSessionId)?.name ?? '',
    titleOverride: () => tab.title ?? null,
  };
  return {
    kind: VariableScope.TAB,
    id: tab.id,
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['tabID', 'title'],
    link: (name) => {
      if (name === 'window') return windowScope(model, window);
      const current = name === 'currentSession' ? model.sessions.get(tab.activeSessionId) : undefined;
      return current ? sessionScope(model, current) : undefined;
    },
    user: tab.userVariables,
  };
}

export function windowScope(model: AppModel, window: SimWindow): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    id: () => window.id,
    number: () => window.number,
    title: () =>
      window.title ??
      model.sessions.get(window.tabs.find((t) => t.id === window.selectedTabId)?.activeSessionId ?? '')
        ?.name ??
      '',
    titleOverride: () => window.title ?? null,
  };
  return {
    kind: VariableScope.WINDOW,
    id: window.id,
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['id', 'number', 'title'],
    link: (name) => {
      if (name === 'iterm2') return appScope(model);
      const tab = name === 'currentTab' ? window.tabs.find((t) => t.id === window.selectedTabId) : undefined;
      return tab ? tabScope(model, window, tab) : undefined;
    },
    user: window.userVariables,
  };
}

export function appScope(model: AppModel): Scope {
  const values: Record<string, () => JsonValue | undefined> = {
    pid: () => process.pid,
    localhostName: () => hostname(),
    effectiveTheme: () => 'dark',
    appBundlePath: () => '/Applications/iTerm.app',
  };
  return {
    kind: VariableScope.APP,
    id: '',
    builtin: (n) => values[n]?.(),
    builtinNames: () => ['pid', 'localhostName', 'effectiveTheme'],
    link: (name) => {
      const w = name === 'currentWindow' ? model.window(model.focus.keyWindowId ?? '') : undefined;
      return w ? windowScope(model, w) : undefined;
    },
    user: model.appVariables,
  };
}

/**
 * The value at a dotted path, or undefined when nothing is there (iTerm2's nil). The first component
 * is a link to another scope, `user`, or one of the scope's own variables.
 */
export function resolvePath(scope: Scope, path: string): JsonValue | undefined {
  const dot = path.indexOf('.');
  if (dot > 0) {
    const head = path.slice(0, dot);
    const rest = path.slice(dot + 1);
    if (head === 'user') return rest.includes('.') ? undefined : scope.user.get(rest);
    const linked = scope.link(head);
    if (linked) return resolvePath(linked, rest);
  }
  const v = scope.builtin(path);
  return v === null ? undefined : v;
}
