import { create } from '@bufbuild/protobuf';
import {
  GetPropertyResponse_Status,
  GetPropertyResponseSchema,
  ReorderTabsResponse_Status,
  SetPropertyResponse_Status,
  SetTabLayoutResponse_Status,
  type GetPropertyRequest,
  type ReorderTabsRequest,
  type SetPropertyRequest,
  type SetTabLayoutRequest,
  type SplitTreeNode,
} from '../../gen/api_pb';
import type { SimTab, SimWindow } from '../model-types';
import type { JsonValue } from '../profiles';
import { windowFrame } from '../session-list';
import { resizePanes, resizeSession, setWindowFrame } from '../sim-sizes';
import { leaf, node, sameShape, sessionIdsOf, type GridSize, type SplitNode } from '../split-tree';
import { parseJson, type Handler } from './context';

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: JsonValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export const setProperty: Handler<SetPropertyRequest> = (ctx, request) => {
  const reply = (status: SetPropertyResponse_Status) =>
    ({ case: 'setPropertyResponse', value: { $typeName: 'iterm2.SetPropertyResponse', status } }) as const;
  const { model } = ctx;
  const id = request.identifier;
  const parsed = parseJson(request.jsonValue);
  if (id.case === 'windowId') {
    const window = model.window(id.value);
    if (!window) return reply(SetPropertyResponse_Status.INVALID_TARGET);
    if (request.name !== 'frame' && request.name !== 'fullscreen')
      return reply(SetPropertyResponse_Status.UNRECOGNIZED_NAME);
    if (!parsed) return reply(SetPropertyResponse_Status.INVALID_VALUE);
    if (request.name === 'fullscreen') {
      if (typeof parsed.value !== 'boolean') return reply(SetPropertyResponse_Status.INVALID_VALUE);
      window.fullscreen = parsed.value;
      model.layoutChanged();
      return reply(SetPropertyResponse_Status.OK);
    }
    const v = parsed.value;
    const origin =
      isObject(v) && isObject(v['origin'] ?? null) ? (v['origin'] as { [k: string]: JsonValue }) : undefined;
    const size =
      isObject(v) && isObject(v['size'] ?? null) ? (v['size'] as { [k: string]: JsonValue }) : undefined;
    const [x, y, width, height] = [
      num(origin?.['x']),
      num(origin?.['y']),
      num(size?.['width']),
      num(size?.['height']),
    ];
    if (x === undefined || y === undefined || width === undefined || height === undefined)
      return reply(SetPropertyResponse_Status.INVALID_VALUE);
    if (window.fullscreen) return reply(SetPropertyResponse_Status.IMPOSSIBLE);
    setWindowFrame(model, window, { origin: { x, y }, size: { width, height } });
    return reply(SetPropertyResponse_Status.OK);
  }
  if (id.case === 'sessionId') {
    // Quirk: "all" is accepted but only the first session is changed.
    const session = id.value === 'all' ? model.allSessions()[0] : model.resolveSession(id.value);
    if (!session) return reply(SetPropertyResponse_Status.INVALID_TARGET);
    if (request.name !== 'grid_size' && request.name !== 'buried')
      return reply(SetPropertyResponse_Status.UNRECOGNIZED_NAME);
    if (!parsed) return reply(SetPropertyResponse_Status.INVALID_VALUE);
    if (request.name === 'buried') {
      if (typeof parsed.value !== 'boolean') return reply(SetPropertyResponse_Status.INVALID_VALUE);
      if (parsed.value) model.bury(session);
      else model.unbury(session);
      return reply(SetPropertyResponse_Status.OK);
    }
    const v = parsed.value;
    const [width, height] = isObject(v) ? [num(v['width']), num(v['height'])] : [undefined, undefined];
    if (width === undefined || height === undefined || width < 1 || height < 1)
      return reply(SetPropertyResponse_Status.INVALID_VALUE);
    const where = model.locate(session.id);
    if (where?.window.fullscreen) return reply(SetPropertyResponse_Status.IMPOSSIBLE);
    resizeSession(model, session, { cols: Math.floor(width), rows: Math.floor(height) });
    return reply(SetPropertyResponse_Status.OK);
  }
  return reply(SetPropertyResponse_Status.INVALID_TARGET);
};

export const getProperty: Handler<GetPropertyRequest> = (ctx, request) => {
  const reply = (status: GetPropertyResponse_Status, value?: JsonValue) =>
    ({
      case: 'getPropertyResponse',
      value: create(
        GetPropertyResponseSchema,
        value === undefined ? { status } : { status, jsonValue: JSON.stringify(value) },
      ),
    }) as const;
  const { model } = ctx;
  const id = request.identifier;
  if (id.case === 'windowId') {
    const window = model.window(id.value);
    if (!window) return reply(GetPropertyResponse_Status.INVALID_TARGET);
    if (request.name === 'frame') return reply(GetPropertyResponse_Status.OK, windowFrame(window));
    if (request.name === 'fullscreen') return reply(GetPropertyResponse_Status.OK, window.fullscreen);
    return reply(GetPropertyResponse_Status.UNRECOGNIZED_NAME);
  }
  if (id.case === 'sessionId') {
    const session = model.resolveSession(id.value);
    if (!session) return reply(GetPropertyResponse_Status.INVALID_TARGET);
    // Quirk of the real server: grid_size reads back one less than the grid in each direction.
    if (request.name === 'grid_size')
      return reply(GetPropertyResponse_Status.OK, { width: session.cols - 1, height: session.rows - 1 });
    if (request.name === 'buried')
      return reply(GetPropertyResponse_Status.OK, model.buried.includes(session));
    if (request.name === 'number_of_lines') {
      const n = session.numbering;
      return reply(GetPropertyResponse_Status.OK, {
        overflow: n.overflow,
        grid: n.rows,
        history: n.history,
        first_visible: n.overflow + n.history,
      });
    }
    return reply(GetPropertyResponse_Status.UNRECOGNIZED_NAME);
  }
  return reply(GetPropertyResponse_Status.INVALID_TARGET);
};

/** Proto tree → our tree (positions of leaves only) plus the sizes its leaves ask for, in order. */
function fromProto(root: SplitTreeNode, sizes: (GridSize | undefined)[]): SplitNode {
  return node(
    root.vertical,
    root.links.map((link) => {
      if (link.child.case === 'node') return fromProto(link.child.value, sizes);
      const g = link.child.case === 'session' ? link.child.value.gridSize : undefined;
      sizes.push(g ? { cols: g.width, rows: g.height } : undefined);
      return leaf(link.child.case === 'session' ? link.child.value.uniqueIdentifier : '');
    }),
  );
}

export const setTabLayout: Handler<SetTabLayoutRequest> = (ctx, request) => {
  const reply = (status: SetTabLayoutResponse_Status) =>
    ({ case: 'setTabLayoutResponse', value: { $typeName: 'iterm2.SetTabLayoutResponse', status } }) as const;
  const found = ctx.model.tab(request.tabId);
  if (!found) return reply(SetTabLayoutResponse_Status.BAD_TAB_ID);
  if (!request.root) return reply(SetTabLayoutResponse_Status.WRONG_TREE);
  const sizes: (GridSize | undefined)[] = [];
  const given = fromProto(request.root, sizes);
  // Only resizing: any tree whose shape differs from the tab's current one is refused.
  if (!sameShape(given, found.tab.root)) return reply(SetTabLayoutResponse_Status.WRONG_TREE);
  if (sizes.some((s) => !s || s.cols < 1 || s.rows < 1))
    return reply(SetTabLayoutResponse_Status.INVALID_SIZE);
  const ids = sessionIdsOf(found.tab.root);
  resizePanes(ctx.model, found.window, found.tab, new Map(ids.map((id, i) => [id, sizes[i]!])));
  return reply(SetTabLayoutResponse_Status.OK);
};

export const reorderTabs: Handler<ReorderTabsRequest> = (ctx, request) => {
  const reply = (status: ReorderTabsResponse_Status) =>
    ({ case: 'reorderTabsResponse', value: { $typeName: 'iterm2.ReorderTabsResponse', status } }) as const;
  const seenWindows = new Set<string>();
  const seenTabs = new Set<string>();
  const plan: { window: SimWindow; tabs: SimTab[] }[] = [];
  for (const assignment of request.assignments) {
    if (seenWindows.has(assignment.windowId)) return reply(ReorderTabsResponse_Status.INVALID_ASSIGNMENT);
    seenWindows.add(assignment.windowId);
    const window = ctx.model.window(assignment.windowId);
    if (!window) return reply(ReorderTabsResponse_Status.INVALID_WINDOW_ID);
    const tabs: SimTab[] = [];
    for (const tabId of assignment.tabIds) {
      if (seenTabs.has(tabId)) return reply(ReorderTabsResponse_Status.INVALID_ASSIGNMENT);
      seenTabs.add(tabId);
      const found = ctx.model.tab(tabId);
      if (!found) return reply(ReorderTabsResponse_Status.INVALID_TAB_ID);
      tabs.push(found.tab);
    }
    plan.push({ window, tabs });
  }
  ctx.model.reorderTabs(plan);
  return reply(ReorderTabsResponse_Status.OK);
};
