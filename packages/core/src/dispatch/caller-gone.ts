import type { CallSignal } from '@switchboard/protocol';
/**
 * Runs `leave` once when the caller's signal aborts (its transport saw the request or connection close), at once if it
 * already has; returns what stops listening, for a wait that ended another way. No signal (an in-process call): never.
 */
export function onCallerGone(signal: CallSignal | undefined, leave: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    leave();
    return noop;
  }
  signal.addEventListener('abort', leave, { once: true });
  return () => signal.removeEventListener('abort', leave);
}

const noop = (): void => undefined;
