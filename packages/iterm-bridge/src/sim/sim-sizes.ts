import type { AppModel } from './app-model';
import type { SimTab, SimWindow } from './model-types';
import type { SimSession } from './session';
import { gridOfFrame, sizesOf, type Frame } from './session-list';
import { treeSize, type GridSize } from './split-tree';

// Size changes asked for through SetProperty and SetTabLayout: the window's grid follows its panes or its frame.

/** SetTabLayout: leaves carry pane sizes; the window is resized to fit them. */
export function resizePanes(
  model: AppModel,
  window: SimWindow,
  tab: SimTab,
  sizes: Map<string, GridSize>,
): void {
  for (const [id, size] of sizes) model.sessions.get(id)?.resize(size.cols, size.rows);
  const fitted = treeSize(tab.root, sizesOf(model.sessions, tab.root));
  window.cols = fitted.cols;
  window.rows = fitted.rows;
  for (const other of window.tabs) if (other !== tab) model.relayout(window, other);
  model.layoutChanged();
}

/** Resizes a pane via `grid_size` (window grows or shrinks by the difference). */
export function resizeSession(model: AppModel, session: SimSession, size: GridSize): void {
  const where = model.locate(session.id);
  if (!where) {
    session.resize(size.cols, size.rows);
    return;
  }
  where.window.cols += size.cols - session.cols;
  where.window.rows += size.rows - session.rows;
  session.resize(size.cols, size.rows);
  for (const tab of where.window.tabs)
    if (tab !== where.tab || tab.root.children.length > 1) model.relayout(where.window, tab);
  model.layoutChanged();
}

/** Applies a window frame: the grid is whatever fits in the new size. */
export function setWindowFrame(model: AppModel, window: SimWindow, frame: Frame): void {
  window.frameOrigin = frame.origin;
  const grid = gridOfFrame(frame);
  window.cols = grid.cols;
  window.rows = grid.rows;
  for (const tab of window.tabs) model.relayout(window, tab);
  model.layoutChanged();
}
