/** Where the main window was, saved between runs (JSON in the user's data folder). */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SIZE = { width: 720, height: 480 } as const;
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
/** How much of the title bar must be on a screen for a saved position to be reused. */
const VISIBLE_MARGIN = 48;

/** Parses a saved file's text; anything unreadable yields the default (a broken file never blocks startup). */
export function parseWindowState(text: string | undefined): WindowState {
  if (text === undefined) return DEFAULT_WINDOW_STATE;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_WINDOW_STATE;
  const { x, y, width, height, maximized } = value as Record<string, unknown>;
  const int = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && Math.abs(n) < 1e6;
  if (!int(width) || !int(height) || width < 1 || height < 1) return DEFAULT_WINDOW_STATE;
  if (
    (x !== undefined && !int(x)) ||
    (y !== undefined && !int(y)) ||
    (maximized !== undefined && typeof maximized !== 'boolean')
  )
    return DEFAULT_WINDOW_STATE;
  const state: WindowState = { width, height, maximized: maximized ?? false };
  if (int(x) && int(y)) Object.assign(state, { x, y });
  return state;
}

/**
 * Makes a saved state fit the screens attached now: size clamped to the largest work area and the
 * minimum; the position dropped (centred by Electron) when the window would be off every screen,
 * e.g. after unplugging a monitor.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const maxWidth = Math.max(MIN_SIZE.width, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(MIN_SIZE.height, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(state.width, MIN_SIZE.width), maxWidth);
  const height = Math.min(Math.max(state.height, MIN_SIZE.height), maxHeight);
  const { x, y } = state;
  const visible =
    x !== undefined &&
    y !== undefined &&
    workAreas.some(
      (a) =>
        x + width - VISIBLE_MARGIN >= a.x &&
        x + VISIBLE_MARGIN <= a.x + a.width &&
        y >= a.y &&
        y + VISIBLE_MARGIN <= a.y + a.height,
    );
  return visible
    ? { x, y, width, height, maximized: state.maximized }
    : { width, height, maximized: state.maximized };
}

/** The state to save from the window's normal (un-maximised) bounds. */
export function captureWindowState(bounds: Rectangle, maximized: boolean): WindowState {
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.round(bounds.width),
    height: Math.round(bounds.height),
    maximized,
  };
}

/** Closing the window hides it to the menu bar; only quitting (menu, ⌘Q, shutdown) really closes it. */
export function closeBehaviour(quitting: boolean): 'hide' | 'close' {
  return quitting ? 'close' : 'hide';
}
