import { getCurrentTest } from 'vitest/suite';
import { onTestFinished } from 'vitest';
import type { Orchestrator } from '../../src/index';

/**
 * Makes `orchestrator.close()` safe to call twice and, when called inside a test, closes the orchestrator (then runs
 * `after`) when that test ends. Made outside a test (a describe's own world), it is the caller's to close. Before,
 * a world or fleet a test did not close itself stayed open in the worker (which runs the next files, `isolate:
 * false`) and its data folder stayed on disk: ~5,000 `switchboard-*` and ~1,600 `sb-fleet-*` folders in /tmp.
 */
export function closeAfterTest(orchestrator: Orchestrator, after?: () => void): void {
  let closing: Promise<void> | undefined;
  const close = orchestrator.close.bind(orchestrator);
  orchestrator.close = () => (closing ??= close());
  if (!getCurrentTest()) return;
  onTestFinished(async () => {
    await orchestrator.close();
    after?.();
  });
}
