import type { StoreApi } from 'zustand/vanilla';

/** How long to wait for an animation frame before notifying anyway (a hidden page gets none). */
const NO_FRAME_MS = 100;

/** Runs `work` once, at the next animation frame, or after `NO_FRAME_MS` if none comes (or with no DOM, soon). */
function atNextFrame(work: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    work();
  };
  if (typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(once);
    setTimeout(once, NO_FRAME_MS);
  } else setTimeout(once, 16);
}

/**
 * Makes a store tell its subscribers (React's `useStore`) of changes at most once per animation frame, with
 * the newest state, instead of once per change: a burst of host events (10,000 notifications, a fleet
 * restoring) renders the views once a frame, not once an event. `getState()` stays current at once, so code
 * that awaits a command and then reads the store sees its events. Changes the store given.
 */
export function notifyPerFrame<S>(store: StoreApi<S>): void {
  const listeners = new Set<(state: S, previous: S) => void>();
  let notified = store.getState();
  let scheduled = false;
  const notify = () => {
    scheduled = false;
    const [state, previous] = [store.getState(), notified];
    notified = state;
    for (const listener of [...listeners]) listener(state, previous);
  };
  store.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    atNextFrame(notify);
  });
  store.subscribe = (listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
}
