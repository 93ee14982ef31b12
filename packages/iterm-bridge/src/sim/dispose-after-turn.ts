/**
 * Disposal that nothing waits for, done after the current event-loop turn in one batch: when 100 panes close in
 * the same turn (a fleet exiting together), every pane's notifications go out before any terminal is torn down.
 * Each item is disposed on its own: a throw (after the turn, with no caller left to catch it) goes to that item's
 * `failed` once the whole batch is disposed: a failing dispose, or a failing report, skips no other dispose.
 */
interface Disposable {
  dispose(): void;
}

interface Pending {
  item: Disposable;
  failed: (error: unknown) => void;
}

let pending: Pending[] = [];
let scheduled: NodeJS.Immediate | undefined;

export function disposeAfterTurn(item: Disposable, failed: (error: unknown) => void): void {
  pending.push({ item, failed });
  scheduled ??= setImmediate(disposePending);
}

function disposePending(): void {
  scheduled = undefined;
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
