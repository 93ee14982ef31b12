import { isFieldSet } from '@bufbuild/protobuf';
import {
  SavedArrangementRequest_Action,
  SavedArrangementRequestSchema,
  SavedArrangementResponse_Status,
  type SavedArrangementRequest,
} from '../../gen/api_pb';
import type { AppModel } from '../app-model';
import type { SimTab, SimWindow } from '../model-types';
import { commandOf, type ProfileDict } from '../profiles';
import { leaf, node, type SplitChild, type SplitNode } from '../split-tree';
import type { Handler, SavedTree, SavedWindow } from './context';

function saveTree(model: AppModel, tree: SplitNode): SavedTree {
  return {
    vertical: tree.vertical,
    children: tree.children.map((child) => {
      if (child.kind === 'node') return saveTree(model, child);
      const s = model.sessions.get(child.sessionId)!;
      const command = commandOf(s.effectiveProfile);
      return command
        ? { profile: String(s.profile['Guid']), command }
        : { profile: String(s.profile['Guid']) };
    }),
  };
}

const saveWindow = (model: AppModel, window: SimWindow): SavedWindow => ({
  cols: window.cols,
  rows: window.rows,
  tabs: window.tabs.map((t) => saveTree(model, t.root)),
});

/** Rebuilds a saved tab's tree with fresh sessions in `tab` (whose first pane already exists). */
function restoreTree(model: AppModel, window: SimWindow, tab: SimTab, saved: SavedTree): void {
  const first = tab.root.children[0]!;
  let usedFirst = false;
  const created: ReturnType<AppModel['createDetachedSession']>[] = [];
  const build = (t: SavedTree): SplitNode =>
    node(
      t.vertical,
      t.children.map((c): SplitChild => {
        if ('children' in c) return build(c);
        if (!usedFirst) {
          usedFirst = true;
          return first;
        }
        const profile = model.profileByGuid(c.profile) ?? model.profiles[0]!;
        const overrides: ProfileDict = c.command ? { 'Custom Command': 'Yes', Command: c.command } : {};
        const session = model.createDetachedSession(profile, overrides);
        created.push(session);
        return leaf(session.id);
      }),
    );
  model.applyTrees([{ window, tab, root: build(saved) }]);
  for (const session of created) model.startDetached(session);
}

function firstLeaf(t: SavedTree): { profile: string; command?: string } {
  const c = t.children[0]!;
  return 'children' in c ? firstLeaf(c) : c;
}

function overridesOf(l: { command?: string }): ProfileDict {
  return l.command ? { 'Custom Command': 'Yes', Command: l.command } : {};
}

export const savedArrangement: Handler<SavedArrangementRequest> = (ctx, request) => {
  const reply = (status: SavedArrangementResponse_Status, names: string[] = []) =>
    ({
      case: 'savedArrangementResponse',
      value: { $typeName: 'iterm2.SavedArrangementResponse', status, names },
    }) as const;
  const { model, state } = ctx;
  // Quirk of the schema: an unset action is RESTORE (its zero value).
  const action = request.action;
  const target = isFieldSet(request, SavedArrangementRequestSchema.field.windowId)
    ? model.window(request.windowId)
    : undefined;
  if (
    isFieldSet(request, SavedArrangementRequestSchema.field.windowId) &&
    !target &&
    action !== SavedArrangementRequest_Action.LIST
  ) {
    return reply(SavedArrangementResponse_Status.WINDOW_NOT_FOUND);
  }
  if (action === SavedArrangementRequest_Action.LIST)
    return reply(SavedArrangementResponse_Status.OK, [...state.arrangements.keys()].sort());
  if (!request.name) return reply(SavedArrangementResponse_Status.REQUEST_MALFORMED);
  if (action === SavedArrangementRequest_Action.SAVE) {
    state.arrangements.set(
      request.name,
      (target ? [target] : model.windows).map((w) => saveWindow(model, w)),
    );
    return reply(SavedArrangementResponse_Status.OK);
  }
  const saved = state.arrangements.get(request.name);
  if (!saved) return reply(SavedArrangementResponse_Status.ARRANGEMENT_NOT_FOUND);
  for (const w of saved) {
    let window = target;
    for (const tabTree of w.tabs) {
      const l = firstLeaf(tabTree);
      const profile = model.profileByGuid(l.profile) ?? model.profiles[0]!;
      let tab: SimTab;
      if (!window) {
        const made = model.createWindow({
          profile,
          overrides: { ...overridesOf(l), Columns: w.cols, Rows: w.rows },
        });
        window = made.window;
        tab = made.tab;
      } else tab = model.createTab(window, true, { profile, overrides: overridesOf(l) }).tab;
      restoreTree(model, window, tab, tabTree);
    }
  }
  return reply(SavedArrangementResponse_Status.OK);
};
