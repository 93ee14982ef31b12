import { Emitter, KEY_BYTES, SwitchboardError } from '@switchboard/protocol';
import { insertSplit, normalize, panesOf, removePane } from '../layout/split-tree';
import { layoutProblems } from '../layout/layout-problems';
import { refuseRemoteSpec } from './host-ids';
import type {
  BackendEvent,
  BackendLayout,
  PaneAppearance,
  PaneInfo,
  PaneSpec,
  ScreenSnapshot,
  SplitNode,
  TerminalBackend,
} from '../ports/terminal-backend';

/** Rows of a memory pane's screen; older lines are scrollback, as in a real terminal. */
const SCREEN_ROWS = 24;
/**
 * Lines a memory pane keeps, screen and scrollback (a terminal's scrollback is bounded too: iTerm2's default is
 * 1,000 lines): a pane that prints for days must not grow the host without bound. Trimmed in steps of
 * `TRIM_STEP` lines, so a printing pane pays for the trim once per step, not per line.
 */
export const MEMORY_PANE_LINES = 10_000;
const TRIM_STEP = 1_000;
/** iTerm2's rule for variables a client may set. */
const USER_VARIABLE = /^user\.[^.]+$/;

/** A line as a shell's line editor leaves it: backspace (KEY_BYTES `\x7f`) takes the last character, ctrl+u the line. */
function edited(line: string): string {
  if (!line.includes(KEY_BYTES.backspace) && !line.includes(KEY_BYTES['ctrl+u'])) return line;
  let out = '';
  for (const char of line)
    if (char === KEY_BYTES.backspace) out = out.slice(0, -1);
    else if (char === KEY_BYTES['ctrl+u']) out = '';
    else out += char;
  return out;
}

interface MemoryPane {
  info: PaneInfo;
  command: string | undefined;
  cwd: string | undefined;
  appearance: PaneAppearance;
  variables: Map<string, string>;
  lines: string[];
  /** The screen's height: the last `rows` lines are the screen. */
  rows: number;
  /** Lines trimmed off the top since the pane started (line numbers go on from them). */
  trimmed: number;
}
interface MemoryTab {
  id: string;
  root: SplitNode;
}
interface MemoryWindow {
  id: string;
  tabs: MemoryTab[];
}

/** What a memory pane holds, for tests to look at (what a person would see or could read). */
export interface MemoryPaneView {
  command: string | undefined;
  cwd: string | undefined;
  title: string;
  appearance: PaneAppearance;
  variables: Record<string, string>;
  lines: string[];
}

/** The memory backend plus a look inside its panes. */
export interface MemoryBackend extends TerminalBackend {
  inspect(paneId: string): MemoryPaneView;
  /** A person types into the pane in the terminal: the text lands and a `pane.keystroke` event is reported. */
  typeAsHuman(paneId: string, text: string): void;
  /**
   * A person resizes the pane to `rows` rows in the terminal, with no event (iTerm2 reports no layout change while
   * a divider is dragged): only reads see it.
   */
  dragToRows(paneId: string, rows: number): void;
}

/**
 * A TerminalBackend with no real terminals: windows, tabs and split trees kept in memory with iTerm2's
 * rules, text sent to a pane appended to its screen. For core tests and `--backend memory`.
 */
export function createMemoryBackend(): MemoryBackend {
  let nextId = 1;
  const panes = new Map<string, MemoryPane>();
  /** The pane `focus()` last chose: the memory backend has no person to move the focus elsewhere. */
  let focused: string | null = null;
  /** Broadcast domains as iTerm2 keeps them (the memory backend has no keyboard to broadcast from). */
  let broadcastDomains: string[][] = [];
  let windows: MemoryWindow[] = [];
  const events = new Emitter<BackendEvent>();
  const emit = (event: BackendEvent) => events.emit(event);
  const id = (prefix: string) => `${prefix}-${nextId++}`;

  const pane = (paneId: string): MemoryPane => {
    const found = panes.get(paneId);
    if (!found) throw new SwitchboardError('not_found', `No pane "${paneId}"`);
    return found;
  };
  const append = (paneId: string, text: string) => {
    const target = pane(paneId);
    const parts = text.split(/\r\n|\r|\n/);
    if (target.lines.length === 0) target.lines.push('');
    target.lines[target.lines.length - 1] = edited(target.lines.at(-1)! + (parts[0] ?? ''));
    // One at a time: a spread of a very long text's lines would overflow the call's arguments.
    for (let i = 1; i < parts.length; i++) target.lines.push(edited(parts[i]!));
    trim(target);
    emit({ type: 'pane.output', paneId });
  };
  const trim = (target: MemoryPane) => {
    if (target.lines.length <= MEMORY_PANE_LINES + TRIM_STEP) return;
    const over = target.lines.length - MEMORY_PANE_LINES;
    target.lines.splice(0, over);
    target.trimmed += over;
  };
  const locate = (paneId: string) => {
    for (const window of windows)
      for (const tab of window.tabs) if (panesOf(tab.root).includes(paneId)) return { window, tab };
    throw new SwitchboardError('not_found', `No pane "${paneId}"`);
  };
  const syncLocations = () => {
    for (const window of windows)
      for (const tab of window.tabs)
        for (const p of panesOf(tab.root)) {
          const info = pane(p).info;
          info.windowId = window.id;
          info.tabId = tab.id;
        }
  };

  /** Like iTerm2's apply_layout: existing windows and tabs are named by id, and a tab never changes window. */
  const identityProblems = (layout: BackendLayout): string[] => {
    const problems: string[] = [];
    const seenWindows = new Set<string>();
    const seenTabs = new Set<string>();
    for (const w of layout.windows) {
      const window = w.windowId === undefined ? undefined : windows.find((x) => x.id === w.windowId);
      if (w.windowId !== undefined) {
        if (!window) problems.push(`unknown window ${w.windowId}`);
        if (seenWindows.has(w.windowId)) problems.push(`window ${w.windowId} appears twice`);
        seenWindows.add(w.windowId);
      }
      if (w.tabs.length === 0) problems.push('a window without tabs');
      for (const t of w.tabs) {
        if (t.tabId === undefined) continue;
        const owner = windows.find((x) => x.tabs.some((tab) => tab.id === t.tabId));
        if (!owner) problems.push(`unknown tab ${t.tabId}`);
        else if (owner !== window) problems.push(`tab ${t.tabId} cannot move to another window`);
        if (seenTabs.has(t.tabId)) problems.push(`tab ${t.tabId} appears twice`);
        seenTabs.add(t.tabId);
      }
    }
    return problems;
  };

  return {
    name: 'memory',
    inspect(paneId) {
      const p = pane(paneId);
      return structuredClone({
        command: p.command,
        cwd: p.cwd,
        title: p.info.title,
        appearance: p.appearance,
        variables: Object.fromEntries(p.variables),
        lines: p.lines,
      });
    },
    async createPane(spec: PaneSpec) {
      refuseRemoteSpec(spec, 'memory');
      const paneId = id('pane');
      const placement = spec.placement ?? { kind: 'window' };
      const leaf: SplitNode = { kind: 'pane', paneId };
      if (placement.kind === 'split') {
        const { tab } = locate(placement.paneId);
        tab.root = insertSplit(tab.root, placement.paneId, paneId, placement.vertical, placement.before);
      } else if (placement.kind === 'tab') {
        const window = windows.find((w) => w.id === placement.windowId);
        if (!window) throw new SwitchboardError('not_found', `No window "${placement.windowId}"`);
        window.tabs.push({ id: id('tab'), root: leaf });
      } else {
        windows.push({ id: id('window'), tabs: [{ id: id('tab'), root: leaf }] });
      }
      const info: PaneInfo = {
        id: paneId,
        windowId: '',
        tabId: '',
        title: spec.command ?? 'shell',
        pid: null,
        alive: true,
      };
      panes.set(paneId, {
        info,
        command: spec.command,
        cwd: spec.cwd,
        appearance: {},
        variables: new Map(),
        lines: [],
        rows: SCREEN_ROWS,
        trimmed: 0,
      });
      syncLocations();
      emit({ type: 'pane.created', pane: { ...info } });
      emit({ type: 'layout.changed' });
      return { ...info };
    },
    async closePane(paneId) {
      const { window, tab } = locate(paneId);
      const root = removePane(tab.root, paneId);
      if (root) tab.root = root;
      else window.tabs = window.tabs.filter((t) => t !== tab);
      windows = windows.filter((w) => w.tabs.length > 0);
      panes.delete(paneId);
      emit({ type: 'pane.closed', paneId });
      emit({ type: 'layout.changed' });
    },
    async listPanes() {
      return [...panes.values()].map((p) => ({ ...p.info }));
    },
    async getLayout(): Promise<BackendLayout> {
      return structuredClone({
        windows: windows.map((w) => ({
          windowId: w.id,
          tabs: w.tabs.map((t) => ({ tabId: t.id, root: t.root })),
        })),
      });
    },
    async applyLayout(layout) {
      // Like iTerm2, tabs and windows are made by the backend: a layout may name only existing ones.
      const current: BackendLayout = {
        windows: windows.map((w) => ({
          windowId: w.id,
          tabs: w.tabs.map((t) => ({ tabId: t.id, root: t.root })),
        })),
      };
      const problems = [...layoutProblems(layout, current), ...identityProblems(layout)];
      if (problems.length)
        throw new SwitchboardError('invalid_input', `Layout rejected: ${problems.join('; ')}`);
      windows = layout.windows.map((w) => ({
        id: w.windowId ?? id('window'),
        tabs: w.tabs.map((t) => ({ id: t.tabId ?? id('tab'), root: normalize(structuredClone(t.root)) })),
      }));
      syncLocations();
      emit({ type: 'layout.changed' });
    },
    async sendText(paneId, text) {
      append(paneId, text);
    },
    typeAsHuman(paneId, text) {
      emit({ type: 'pane.keystroke', paneId });
      append(paneId, text);
    },
    dragToRows(paneId, rows) {
      pane(paneId).rows = Math.max(1, Math.floor(rows));
    },
    async readScreen(paneId, options = {}): Promise<ScreenSnapshot> {
      const { lines: all, rows, trimmed } = pane(paneId);
      const screenTop = Math.max(0, all.length - rows);
      const first = Math.max(0, screenTop - Math.max(0, options.scrollback ?? 0));
      const lines = all.slice(first);
      return {
        lines,
        cursor: { x: (lines.at(-1) ?? '').length, y: Math.max(0, lines.length - 1) },
        firstLine: trimmed + first,
        rows: all.length - screenTop,
      };
    },
    async restartPane(paneId) {
      Object.assign(pane(paneId), { lines: [], trimmed: 0 });
      emit({ type: 'pane.output', paneId });
    },
    async setAppearance(paneId, appearance) {
      const target = pane(paneId);
      if (typeof appearance.tabColor === 'string' && !/^#[0-9a-f]{6}$/i.test(appearance.tabColor)) {
        throw new SwitchboardError('invalid_input', `Not a #rrggbb colour: "${appearance.tabColor}"`);
      }
      target.appearance = { ...target.appearance, ...appearance };
      if (appearance.title !== undefined) target.info.title = appearance.title;
    },
    async setVariable(paneId, name, value) {
      const target = pane(paneId);
      if (!USER_VARIABLE.test(name))
        throw new SwitchboardError(
          'invalid_input',
          `Variable names are "user.<name>" with no further dot, not "${name}"`,
        );
      target.variables.set(name, value);
      emit({ type: 'variable.changed', paneId, name, value });
    },
    async getVariable(paneId, name) {
      return pane(paneId).variables.get(name);
    },
    async focus(paneId) {
      pane(paneId);
      focused = paneId;
      emit({ type: 'pane.focused', paneId });
    },
    focusedPane: async () => (focused !== null && panes.has(focused) ? focused : null),
    getBroadcastDomains: async () =>
      broadcastDomains.map((ids) => ids.filter((id) => panes.has(id))).filter((ids) => ids.length > 1),
    async setBroadcastDomains(domains) {
      const seen = new Set<string>();
      for (const ids of domains) {
        for (const id of ids) {
          if (seen.has(id))
            throw new SwitchboardError('invalid_input', 'Broadcast domains must not share a pane');
          seen.add(id);
        }
        if (new Set(ids.map((id) => pane(id).info.windowId)).size > 1)
          throw new SwitchboardError('invalid_input', "A broadcast domain's panes must share a window");
      }
      broadcastDomains = domains.map((ids) => [...ids]).filter((ids) => ids.length > 1);
      emit({ type: 'broadcast.changed', domains: broadcastDomains.map((ids) => [...ids]) });
    },
    onEvent: (listener) => events.on(listener),
    async close() {
      events.clear();
    },
  };
}
