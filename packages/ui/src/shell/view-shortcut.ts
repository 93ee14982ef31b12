import { useEffect } from 'react';
import type { ViewName } from '../store/shell-store';
import { modalOpen, typingInto } from './typing-into';

/**
 * A single key anywhere outside a text field (and with no modal open) that shows a view, e.g. `i` for the
 * inbox. Modified presses (Ctrl, Meta, Alt) and keys a view already handled are left alone.
 */
export function useViewShortcut(key: string, view: ViewName, setView: (view: ViewName) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
        return;
      if (typingInto(event.target) || modalOpen()) return;
      event.preventDefault();
      setView(view);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key, view, setView]);
}
