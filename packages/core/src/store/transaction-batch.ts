import type { Store } from './store';

/** What a batched write did: its caller's answer, and what must follow the commit (events, wake-ups). */
export interface Written<T> {
  value: T;
  /** Runs once the write is committed, never when it was undone; an error here is its caller's alone. */
  afterCommit?: () => void;
}

interface Queued {
  write: () => Written<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A group's size cap: a long queue is committed in several transactions, so no answer waits for hundreds. */
const MAX_GROUP = 64;

/**
 * Writes that arrive together, committed in ONE transaction (issue 21: on the HTTP message path the
 * COMMIT was a send's largest single cost, 15-21 % of the host's busy time, once per send).
 *
 * `run(write)` queues the write; at the end of this turn of the event loop (`setImmediate`: after every
 * request that arrived in the same poll) the queue is written in order inside one transaction and
 * committed, then each write's `afterCommit` runs and its caller is answered. So:
 * - a write that throws is only its own failure: what it wrote in its own `store.transaction` (a
 *   savepoint inside the group's) is undone, its commit hooks hear `false`, its caller gets its error;
 *   the others are committed and answered. Writes it made outside its own transaction (a refusal's audit
 *   entry) stand, as they would have outside a group;
 * - in-memory copies (commit hooks, events, long-polls answered) follow the group's COMMIT: nothing sees a
 *   write that could still be undone. If the COMMIT itself fails, or SQLite ended the transaction for an
 *   error (disk full, I/O), nothing of the group stands and every caller gets that error;
 * - a lone write runs in its own transaction, as without a group (no savepoint).
 * Durability is the caller's: answers are given once `store.durable()` covers the commit (the dispatcher
 * waits for it), so the group shares one COMMIT and one fsync.
 */
export class TransactionBatch {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(private readonly store: Pick<Store, 'db' | 'transaction'>) {}

  run<T>(write: () => Written<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Writes and commits what is queued now (the end of the turn, or a closing owner). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length) this.commit(this.queue.splice(0, MAX_GROUP));
  }

  private commit(group: Queued[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = group.length === 1 ? [attempt(group[0]!)] : this.together(group);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) return item.reject(outcome.error);
      try {
        outcome.written.afterCommit?.();
        item.resolve(outcome.written.value);
      } catch (error) {
        item.reject(error);
      }
    });
  }

  private together(group: Queued[]): Outcome[] {
    return this.store.transaction(() =>
      group.map((item) => {
        const outcome = attempt(item);
        // SQLite rolled the whole transaction back (disk full, I/O error): a write after this one would
        // run outside any transaction, and the ones before it are gone. The group fails as one.
        if ('error' in outcome && !this.store.db.inTransaction) throw outcome.error;
        return outcome;
      }),
    );
  }
}

type Outcome = { written: Written<unknown> } | { error: unknown };

function attempt(item: Queued): Outcome {
  try {
    return { written: item.write() };
  } catch (error) {
    return { error };
  }
}
