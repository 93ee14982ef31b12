import type { ViewName } from '../store/shell-store';
import { useBareKey } from './bare-key';

/**
 * A single key anywhere outside a text field (and with no modal open) that shows a view, e.g. `i` for the
 * inbox. Modified presses (Ctrl, Meta, Alt) and keys a view already handled are left alone.
 */
export function useViewShortcut(key: string, view: ViewName, setView: (view: ViewName) => void): void {
  useBareKey(key, () => setView(view));
}
