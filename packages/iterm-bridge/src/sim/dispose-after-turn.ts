/**
 * Disposal that nothing waits for, done after the current event-loop turn in one batch: when 100 panes close in
 * the same turn (a fleet exiting together), every pane's notifications go out before any terminal is torn down.
 */
interface Disposable {
  dispose(): void;
}

let pending: Disposable[] = [];
let scheduled: NodeJS.Immediate | undefined;

export function disposeAfterTurn(item: Disposable): void {
  pending.push(item);
  scheduled ??= setImmediate(disposePending);
}

function disposePending(): void {
  scheduled = undefined;
  const batch = pending;
  pending = [];
  for (const item of batch) item.dispose();
}
