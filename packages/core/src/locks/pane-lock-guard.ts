import type { CommandName } from '@switchboard/protocol';
import type { Handler, HandlerMap } from '../dispatch/handler';
import type { LockService } from './lock-service';

/** Commands that write into or change a pane, and where their input names the panes. */
const PANE_WRITES: Partial<Record<CommandName, (input: Record<string, unknown>) => string[]>> = {
  'pane.send': (input) => input['targets'] as string[],
  'pane.keys': (input) => input['targets'] as string[],
  'pane.setAppearance': (input) => [input['target'] as string],
  'pane.setVariable': (input) => [input['target'] as string],
};

/** Resolves pane targets (agent names, pane ids) to pane ids; throws for unknown targets. */
export type PaneResolver = (targets: readonly string[]) => Promise<{ paneId: string }[]>;

/**
 * Makes pane leases binding: before a pane write runs, every pane it targets must be free or leased by
 * the caller (the human always passes). Wraps the pane domain's handlers at composition time, so the
 * pane code needs no knowledge of locks.
 */
export function lockGuardedHandlers<M extends Partial<HandlerMap>>(
  handlers: M,
  locks: LockService,
  resolvePanes: PaneResolver,
): M {
  const guarded: Record<string, Handler<CommandName>> = { ...handlers };
  for (const [name, targetsOf] of Object.entries(PANE_WRITES) as [
    CommandName,
    (input: Record<string, unknown>) => string[],
  ][]) {
    const handler = handlers[name] as Handler<CommandName> | undefined;
    if (!handler) continue;
    guarded[name] = async (input, context) => {
      if (context.caller.kind === 'agent') {
        for (const { paneId } of await resolvePanes(targetsOf(input as Record<string, unknown>))) {
          locks.assertAccess(context.caller, { kind: 'pane', name: paneId });
        }
      }
      return handler(input, context);
    };
  }
  return guarded as M;
}
