/**
 * Disposal that nothing waits for, done in one batch once panes stop closing: when 100 panes close together (a
 * fleet exiting at once, over a few hundred ms of event-loop turns), every pane's notifications go out — and the
 * next exits are handled — before any terminal is torn down (xterm's teardown walks its disposables: ~60-90 µs a
 * terminal, ~3 ms of a fresh server's 100-exit burst). The batch runs `QUIET_MS` after the last close, and at
 * the latest `LONGEST_WAIT_MS` after the first one waiting. Each item is disposed on its own: a throw (with no
 * caller left to catch it) goes to that item's `failed` once the whole batch is disposed: a failing dispose, or a
 * failing report, skips no other dispose.
 */
interface Disposable {
  dispose(): void;
}

interface Pending {
  item: Disposable;
  failed: (error: unknown) => void;
}

/** How long no pane may close before the waiting terminals are torn down. */
export const QUIET_MS = 100;
/** The longest a terminal waits while panes keep closing. */
export const LONGEST_WAIT_MS = 1_000;

let pending: Pending[] = [];
let timer: NodeJS.Timeout | undefined;
let firstAt = 0;
let lastAt = 0;

export function disposeWhenQuiet(item: Disposable, failed: (error: unknown) => void): void {
  lastAt = performance.now();
  if (pending.length === 0) firstAt = lastAt;
  pending.push({ item, failed });
  // One timer per batch, not per close: when it fires early (a pane closed since), it is set again for the rest.
  timer ??= arm(QUIET_MS);
}

function arm(delayMs: number): NodeJS.Timeout {
  // Unref'd: a process that ends has nothing to release.
  return setTimeout(onTimer, delayMs).unref();
}

function onTimer(): void {
  const now = performance.now();
  const quietAt = lastAt + QUIET_MS;
  const latestAt = firstAt + LONGEST_WAIT_MS;
  if (now < quietAt && now < latestAt) {
    timer = arm(Math.min(quietAt, latestAt) - now);
    return;
  }
  timer = undefined;
  disposePending();
}

function disposePending(): void {
  const batch = pending;
  pending = [];
  const failures: (() => void)[] = [];
  for (const { item, failed } of batch) {
    try {
      item.dispose();
    } catch (error) {
      failures.push(() => failed(error));
    }
  }
  for (const report of failures) report();
}
