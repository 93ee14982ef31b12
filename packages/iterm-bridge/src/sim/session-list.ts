import { create } from '@bufbuild/protobuf';
import {
  ListSessionsResponse_WindowSchema,
  ListSessionsResponseSchema,
  SessionSummarySchema,
  type ListSessionsResponse_Window,
  SplitTreeNodeSchema,
  type ListSessionsResponse,
  type SessionSummary,
  type SplitTreeNode,
} from '../gen/api_pb';
import type { SimWindow } from './model-types';
import type { SimSession } from './session';
import {
  MIN_PANE_COLS,
  MIN_PANE_ROWS,
  sessionIdsOf,
  treeSize,
  type GridSize,
  type SplitChild,
  type SplitNode,
} from './split-tree';

/** Points per cell and margins used to report frames (a Menlo 12-ish grid). */
const CELL_WIDTH = 7;
const CELL_HEIGHT = 15;
const SIDE_MARGIN = 5;
const TOP_MARGIN = 2;
const TITLE_BAR = 28;

/** A type (not an interface) so it stays a plain JSON value for GetProperty. */
export type Frame = {
  origin: { x: number; y: number };
  size: { width: number; height: number };
};

/** What the ListSessions answer is made from. */
export interface SessionView {
  readonly windows: readonly SimWindow[];
  readonly buried: readonly SimSession[];
  readonly sessions: ReadonlyMap<string, SimSession>;
}

/** A session's grid size (0×0 for a session that is gone). */
function paneSize(sessions: ReadonlyMap<string, SimSession>, id: string): GridSize {
  const s = sessions.get(id);
  return { cols: s?.cols ?? 0, rows: s?.rows ?? 0 };
}

/** Each session's grid size in a tree (0×0 for a session that is gone). */
export function sizesOf(sessions: ReadonlyMap<string, SimSession>, tree: SplitChild): Map<string, GridSize> {
  return new Map(sessionIdsOf(tree).map((id) => [id, paneSize(sessions, id)]));
}

/** ListSessions: windows with their frames and tabs' split trees, then the buried sessions. */
export function listSessions(view: SessionView): ListSessionsResponse {
  return create(ListSessionsResponseSchema, {
    windows: view.windows.map((window) => windowMessage(view.sessions, window)),
    buriedSessions: view.buried.map(buriedSummary),
  });
}

/** One window of the listing: its frame and its tabs' split trees. */
export function windowMessage(
  sessions: ReadonlyMap<string, SimSession>,
  window: SimWindow,
): ListSessionsResponse_Window {
  return create(ListSessionsResponse_WindowSchema, {
    windowId: window.id,
    number: window.number,
    frame: windowFrame(window),
    tabs: window.tabs.map((tab) => ({
      tabId: tab.id,
      tmuxWindowId: '-1',
      root: treeMessage(sessions, tab.root),
    })),
  });
}

/** A buried session as the listing names it: no frame, no grid. */
export function buriedSummary(session: SimSession): SessionSummary {
  return create(SessionSummarySchema, { uniqueIdentifier: session.id, title: session.name });
}

/** Window frame in screen points (macOS style, origin bottom-left). */
export function windowFrame(window: SimWindow): Frame {
  const width = window.cols * CELL_WIDTH + 2 * SIDE_MARGIN;
  const height = window.rows * CELL_HEIGHT + 2 * TOP_MARGIN + TITLE_BAR;
  return {
    origin: window.frameOrigin ?? { x: 40 + 24 * window.number, y: 900 - height - 24 * window.number },
    size: { width, height },
  };
}

/** The grid that fits in a window frame. */
export function gridOfFrame(frame: Frame): GridSize {
  return {
    cols: Math.max(MIN_PANE_COLS, Math.floor((frame.size.width - 2 * SIDE_MARGIN) / CELL_WIDTH)),
    rows: Math.max(MIN_PANE_ROWS, Math.floor((frame.size.height - 2 * TOP_MARGIN - TITLE_BAR) / CELL_HEIGHT)),
  };
}

/** Session frames are relative to their parent split view, as iTerm2 reports them. */
function treeMessage(sessions: ReadonlyMap<string, SimSession>, tree: SplitNode): SplitTreeNode {
  const links: SplitTreeNode['links'] = [];
  let offset = 0;
  for (const child of tree.children) {
    const size =
      child.kind === 'session'
        ? paneSize(sessions, child.sessionId)
        : treeSize(child, sizesOf(sessions, child));
    const width = size.cols * CELL_WIDTH + 2 * SIDE_MARGIN;
    const height = size.rows * CELL_HEIGHT + 2 * TOP_MARGIN;
    const at = tree.vertical ? { x: offset, y: 0 } : { x: 0, y: offset };
    if (child.kind === 'session') {
      const session = sessions.get(child.sessionId)!;
      links.push({
        $typeName: 'iterm2.SplitTreeNode.SplitTreeLink',
        child: { case: 'session', value: summary(session, { origin: at, size: { width, height } }) },
      });
    } else {
      links.push({
        $typeName: 'iterm2.SplitTreeNode.SplitTreeLink',
        child: { case: 'node', value: treeMessage(sessions, child) },
      });
    }
    offset += (tree.vertical ? width : height) + 1;
  }
  return create(SplitTreeNodeSchema, { vertical: tree.vertical, links });
}

function summary(session: SimSession, frame: Frame): SessionSummary {
  return create(SessionSummarySchema, {
    uniqueIdentifier: session.id,
    frame,
    gridSize: { width: session.cols, height: session.rows },
    title: session.name,
  });
}
