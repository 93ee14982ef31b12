import type { AppModel } from './app-model';
import type { SimTab, SimWindow } from './model-types';
import type { JsonValue, ProfileDict } from './profiles';
import type { SimSession } from './session';
import { leaf, node, sessionIdsOf, type SplitChild, type SplitNode } from './split-tree';

/** A validated apply_layout plan: nothing has changed yet when this exists. */
interface Plan {
  tabs: { window: SimWindow; tab: SimTab; root: PlannedNode }[];
  closeSessions: SimSession[];
  closeTabs: SimTab[];
  closeWindows: SimWindow[];
}

type PlannedNode =
  | { kind: 'session'; session: SimSession }
  | { kind: 'new'; profile: ProfileDict; command?: string }
  | { kind: 'node'; vertical: boolean; children: PlannedNode[] };

export class LayoutError extends Error {}

type JsonObject = { [key: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes `spec_json_b64` and checks every rule of iTerm2's apply_layout before anything changes. */
export function planLayout(model: AppModel, specB64: JsonValue | undefined): Plan {
  if (typeof specB64 !== 'string') throw new LayoutError('spec_json_b64 must be a string');
  let spec: JsonValue;
  try {
    spec = JSON.parse(Buffer.from(specB64, 'base64').toString('utf8')) as JsonValue;
  } catch {
    throw new LayoutError('spec_json_b64 is not base64 of a JSON object');
  }
  if (!isObject(spec)) throw new LayoutError('spec must be a JSON object');
  if (spec['new_tabs'] !== undefined)
    throw new LayoutError('new_tabs is not supported: create tabs first, then reshape them');
  if (spec['new_windows'] !== undefined)
    throw new LayoutError('new_windows is not supported: create windows first, then reshape them');
  const list = (key: string): string[] => {
    const v = spec[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw new LayoutError(`${key} must be an array of ids`);
    return v as string[];
  };
  const closeSessions = list('close_sessions').map(
    (id) => model.sessions.get(id) ?? fail(`close_sessions: no such session ${id}`),
  );
  const closeTabs = list('close_tabs').map(
    (id) => model.tab(id)?.tab ?? fail(`close_tabs: no such tab ${id}`),
  );
  const closeWindows = list('close_windows').map(
    (id) => model.window(id) ?? fail(`close_windows: no such window ${id}`),
  );
  const tabsSpec = spec['tabs'] ?? [];
  if (!Array.isArray(tabsSpec)) throw new LayoutError('tabs must be an array');

  const placed = new Set<string>();
  const tabs: Plan['tabs'] = tabsSpec.map((t, i) => {
    const path = `tabs[${i}]`;
    if (!isObject(t) || typeof t['tab_id'] !== 'string')
      throw new LayoutError(`${path}: tab_id (a string) is required`);
    const found = model.tab(t['tab_id']) ?? fail(`${path}: no such tab ${t['tab_id']}`);
    return {
      window: found.window,
      tab: found.tab,
      root: parseNode(model, t['root'], `${path}.root`, placed, undefined),
    };
  });
  if (new Set(tabs.map((t) => t.tab.id)).size !== tabs.length) throw new LayoutError('a tab is listed twice');
  for (const s of closeSessions)
    if (placed.has(s.id)) throw new LayoutError(`session ${s.id} is both placed and closed`);

  // Every tab that loses or gains a session must be listed, or go away.
  const listed = new Set(tabs.map((t) => t.tab.id));
  const closing = new Set(closeSessions.map((s) => s.id));
  const goneTabs = new Set([
    ...closeTabs.map((t) => t.id),
    ...closeWindows.flatMap((w) => w.tabs.map((t) => t.id)),
  ]);
  for (const { tab } of tabs) {
    for (const id of sessionIdsOf(tab.root)) {
      if (!placed.has(id) && !closing.has(id))
        throw new LayoutError(`session ${id} of tab ${tab.id} is neither placed nor closed`);
    }
  }
  for (const id of placed) {
    const where = model.locate(id);
    if (!where || listed.has(where.tab.id) || goneTabs.has(where.tab.id)) continue;
    const others = sessionIdsOf(where.tab.root).filter((s) => s !== id && !placed.has(s));
    if (others.every((s) => closing.has(s))) continue;
    throw new LayoutError(`session ${id} leaves tab ${where.tab.id}, which is not listed`);
  }
  return { tabs, closeSessions, closeTabs, closeWindows };
}

function fail(reason: string): never {
  throw new LayoutError(reason);
}

function parseNode(
  model: AppModel,
  value: JsonValue | undefined,
  path: string,
  placed: Set<string>,
  parentVertical: boolean | undefined,
): PlannedNode {
  if (!isObject(value)) throw new LayoutError(`${path}: expected a node object`);
  if ('session_id' in value) {
    const id = value['session_id'];
    if (typeof id !== 'string') throw new LayoutError(`${path}: session_id must be a string`);
    const session = model.sessions.get(id) ?? fail(`${path}: no such session ${id}`);
    if (placed.has(id)) throw new LayoutError(`${path}: session ${id} appears more than once`);
    placed.add(id);
    return { kind: 'session', session };
  }
  if ('new_session' in value) {
    const spec = value['new_session'];
    if (!isObject(spec)) throw new LayoutError(`${path}.new_session: expected an object`);
    const guid = spec['profile'];
    const profile = typeof guid === 'string' ? model.profileByGuid(guid) : model.profiles[0];
    if (!profile) throw new LayoutError(`${path}.new_session: no profile with guid ${String(guid)}`);
    const command = spec['command'];
    if (command !== undefined && typeof command !== 'string')
      throw new LayoutError(`${path}.new_session.command must be a string`);
    return command === undefined ? { kind: 'new', profile } : { kind: 'new', profile, command };
  }
  if ('children' in value) {
    const vertical = value['vertical'];
    const children = value['children'];
    if (typeof vertical !== 'boolean') throw new LayoutError(`${path}: vertical (a bool) is required`);
    if (!Array.isArray(children) || children.length < 2)
      throw new LayoutError(`${path}: a splitter needs at least 2 children`);
    if (parentVertical === vertical)
      throw new LayoutError(`${path}: same orientation as its parent (flatten it)`);
    return {
      kind: 'node',
      vertical,
      children: children.map((c, i) => parseNode(model, c, `${path}.children[${i}]`, placed, vertical)),
    };
  }
  throw new LayoutError(`${path}: expected session_id, new_session or children`);
}

/** Carries out a plan. Like the real server, a failure part way is not rolled back. */
export function applyPlan(model: AppModel, plan: Plan): void {
  const created: SimSession[] = [];
  const build = (planned: PlannedNode): SplitChild => {
    if (planned.kind === 'session') return leaf(planned.session.id);
    if (planned.kind === 'new') {
      const overrides: ProfileDict = planned.command
        ? { 'Custom Command': 'Yes', Command: planned.command }
        : {};
      const session = model.createDetachedSession(planned.profile, overrides);
      created.push(session);
      return leaf(session.id);
    }
    return node(planned.vertical, planned.children.map(build));
  };
  model.applyTrees(
    plan.tabs.map(({ window, tab, root }) => {
      const built = build(root);
      const tree: SplitNode = built.kind === 'node' ? built : node(false, [built]);
      return { window, tab, root: tree };
    }),
  );
  for (const s of created) model.startDetached(s);
  for (const s of plan.closeSessions) model.closeSession(s.id);
  for (const t of plan.closeTabs) model.closeTab(t.id);
  for (const w of plan.closeWindows) model.closeWindow(w.id);
}
