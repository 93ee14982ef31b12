import type { Approval, CallSignal } from '@switchboard/protocol';
import { onCallerGone } from '../dispatch/caller-gone';
import type { Clock } from '../ports/clock';

export interface Waited {
  approval: Approval;
  timedOut: boolean;
}

type Wake = (approval: Approval, timedOut?: boolean) => void;

/**
 * Decision waits one agent may have running at once (`approval.wait`, `approval.request` and `lock.request` with
 * `waitMs`), as `pane.waitFor` (MAX_WAITS_PER_CALLER) and `message.receive`: one more ends its oldest now, as a
 * timeout ("you can wait again"). Each is an open request (a connection, a timer, up to 10 minutes); before session
 * 27 an agent could hold as many as it could open connections, and the host's descriptors with them.
 */
export const MAX_DECISION_WAITS_PER_AGENT = 32;

/**
 * Calls waiting for the decision on an item: each a promise woken by the decision, its `waitMs` on the Clock, or its
 * caller leaving (then at once, with the item as it stands and `timedOut`: the wait holds nothing past its caller).
 */
export class DecisionWaiters {
  private readonly byId = new Map<string, Set<Wake>>();
  /** Per agent, its running waits' "end now as a timeout", oldest first. */
  private readonly byAgent = new Map<string, Set<() => void>>();

  constructor(private readonly clock: Clock) {}

  /**
   * Waits for a decision on `id`; `current` reads the item as stored when the wait ends undecided. `agentId`: the
   * waiting agent (the human's waits are not counted).
   */
  wait(
    id: string,
    waitMs: number,
    current: () => Approval,
    signal?: CallSignal,
    agentId?: string,
  ): Promise<Waited> {
    return new Promise((resolve) => {
      const set = this.byId.get(id) ?? new Set<Wake>();
      this.byId.set(id, set);
      const mine = agentId === undefined ? undefined : (this.byAgent.get(agentId) ?? new Set<() => void>());
      let stopListening = (): void => undefined;
      const end = () => {
        cancelTimer();
        stopListening();
        set.delete(wake);
        if (set.size === 0 && this.byId.get(id) === set) this.byId.delete(id);
        mine?.delete(timeOutNow);
        if (mine?.size === 0 && this.byAgent.get(agentId!) === mine) this.byAgent.delete(agentId!);
      };
      const wake: Wake = (approval, timedOut = false) => {
        end();
        resolve({ approval, timedOut });
      };
      const timeOutNow = () => wake(current(), true);
      const cancelTimer = this.clock.setTimeout(timeOutNow, waitMs);
      set.add(wake);
      if (mine) {
        if (mine.size >= MAX_DECISION_WAITS_PER_AGENT) mine.values().next().value?.();
        mine.add(timeOutNow);
        this.byAgent.set(agentId!, mine);
      }
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
    this.byAgent.clear();
  }
}
