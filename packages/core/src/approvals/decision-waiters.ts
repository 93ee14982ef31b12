import type { Approval, CallSignal } from '@switchboard/protocol';
import { onCallerGone } from '../dispatch/caller-gone';
import type { Clock } from '../ports/clock';

export interface Waited {
  approval: Approval;
  timedOut: boolean;
}

type Wake = (approval: Approval, timedOut?: boolean) => void;

/**
 * Calls waiting for the decision on an item: each a promise woken by the decision, its `waitMs` on the Clock, or its
 * caller leaving (then at once, with the item as it stands and `timedOut`: the wait holds nothing past its caller).
 */
export class DecisionWaiters {
  private readonly byId = new Map<string, Set<Wake>>();

  constructor(private readonly clock: Clock) {}

  /** Waits for a decision on `id`; `current` reads the item as stored when the wait ends undecided. */
  wait(id: string, waitMs: number, current: () => Approval, signal?: CallSignal): Promise<Waited> {
    return new Promise((resolve) => {
      const set = this.byId.get(id) ?? new Set<Wake>();
      this.byId.set(id, set);
      let stopListening = (): void => undefined;
      const end = () => {
        cancelTimer();
        stopListening();
        set.delete(wake);
        if (set.size === 0 && this.byId.get(id) === set) this.byId.delete(id);
      };
      const wake: Wake = (approval, timedOut = false) => {
        end();
        resolve({ approval, timedOut });
      };
      const cancelTimer = this.clock.setTimeout(() => wake(current(), true), waitMs);
      set.add(wake);
      // A caller gone: the wait ends now; an item gone meanwhile (cannot be read) leaves nothing to answer with.
      stopListening = onCallerGone(signal, () => {
        end();
        try {
          resolve({ approval: current(), timedOut: true });
        } catch {
          // Nobody is left to tell: the caller has gone.
        }
      });
    });
  }

  /** The item was decided, expired or withdrawn: every wait on it ends with it. */
  wake(approval: Approval): void {
    const waiting = this.byId.get(approval.id);
    this.byId.delete(approval.id);
    for (const wake of waiting ?? []) wake(approval);
  }

  /** Ends every wait (the queue is stopping), with the item as `find` reads it, `timedOut`. */
  releaseAll(find: (id: string) => Approval | undefined): void {
    for (const [id, waiting] of [...this.byId]) {
      const approval = find(id);
      for (const release of [...waiting]) if (approval) release(approval, true);
    }
    this.byId.clear();
  }
}
