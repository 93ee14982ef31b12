/** A long-poll waiting on one inbox: `check` tries to answer it and says whether it did. */
export interface InboxWaiter {
  check(): boolean;
}

/**
 * Long-polls parked per inbox. Nothing blocks: a waiter is a pending promise; a commit that adds to an
 * inbox wakes that inbox's waiters, each re-runs its query and answers if it now has something.
 */
export class InboxWaiters {
  private readonly byInbox = new Map<string, Set<InboxWaiter>>();

  add(inbox: string, waiter: InboxWaiter): () => void {
    let set = this.byInbox.get(inbox);
    if (!set) this.byInbox.set(inbox, (set = new Set()));
    set.add(waiter);
    return () => {
      set.delete(waiter);
      if (set.size === 0 && this.byInbox.get(inbox) === set) this.byInbox.delete(inbox);
    };
  }

  wake(inboxes: Iterable<string>): void {
    for (const inbox of new Set(inboxes)) {
      for (const waiter of [...(this.byInbox.get(inbox) ?? [])]) waiter.check();
    }
  }

  count(): number {
    let n = 0;
    for (const set of this.byInbox.values()) n += set.size;
    return n;
  }
}
