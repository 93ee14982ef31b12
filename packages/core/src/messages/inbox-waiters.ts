/**
 * A long-poll waiting on one inbox. `claim` runs inside the caller's transaction: it takes what the
 * inbox now holds for this waiter (marks it delivered) and returns what answers the waiter once that
 * transaction has committed, or nothing if the inbox has nothing for it.
 */
export interface InboxWaiter {
  claim(): (() => void) | undefined;
}

/**
 * Long-polls parked per inbox. Nothing blocks: a waiter is a pending promise. A send claims for the
 * waiters of the inboxes it added to inside its own transaction (one commit for the copy and its
 * delivery), then answers them after the commit; other changes call `wake`, which does the same in a
 * transaction of its own. Only the named inboxes' waiters are asked, never every waiting inbox.
 */
export class InboxWaiters {
  private readonly byInbox = new Map<string, Set<InboxWaiter>>();

  constructor(private readonly transaction: <T>(work: () => T) => T) {}

  add(inbox: string, waiter: InboxWaiter): () => void {
    let set = this.byInbox.get(inbox);
    if (!set) this.byInbox.set(inbox, (set = new Set()));
    set.add(waiter);
    return () => {
      set.delete(waiter);
      if (set.size === 0 && this.byInbox.get(inbox) === set) this.byInbox.delete(inbox);
    };
  }

  /** Inside the caller's transaction: claims for these inboxes' waiters; run what it returns after the commit. */
  claim(inboxes: Iterable<string>): () => void {
    const answers: (() => void)[] = [];
    for (const inbox of new Set(inboxes)) {
      for (const waiter of [...(this.byInbox.get(inbox) ?? [])]) {
        const answer = waiter.claim();
        if (answer) answers.push(answer);
      }
    }
    return () => answers.forEach((answer) => answer());
  }

  /** Something became visible in these inboxes outside a send: claim in a transaction of its own, then answer. */
  wake(inboxes: Iterable<string>): void {
    const list = [...inboxes].filter((inbox) => this.byInbox.has(inbox));
    if (list.length === 0) return;
    this.transaction(() => this.claim(list))();
  }

  count(): number {
    let n = 0;
    for (const set of this.byInbox.values()) n += set.size;
    return n;
  }
}
