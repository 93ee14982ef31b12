/** The connection's change count (SQLite `total_changes()`): rows written so far, rolled back or not. */
export type ChangeCounter = () => number;

/** Puts what was written to the database file(s) so far on the disk; resolves once it is there. */
export type SyncToDisk = () => Promise<void>;

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Commits go to the WAL without waiting for the disk (SQLite's `synchronous = NORMAL`);
 * whoever is about to acknowledge a write calls `durable()`, which resolves once an fsync that began
 * after that write has finished. Everyone who asks while no fsync runs, or while one runs that began
 * before their write, shares the next one: N callers that commit together cost one fsync, not N, and the
 * fsync runs off the event loop (libuv's pool), so the next calls are served while the disk works.
 * Nothing written → nothing to wait for.
 */
export class GroupCommit {
  /** The change count the last finished fsync covers. */
  private durableUpTo: number;
  private running: { upTo: number; done: Promise<void> } | undefined;
  private next: Batch | undefined;
  private closed = false;

  constructor(
    private readonly changes: ChangeCounter,
    private readonly syncToDisk: SyncToDisk,
  ) {
    this.durableUpTo = changes();
  }

  /** Resolves once every write made before the call is on disk; rejects if the fsync failed. */
  durable(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const written = this.changes();
    if (written <= this.durableUpTo) return Promise.resolve();
    if (this.running && this.running.upTo >= written) return this.running.done;
    return this.joinNext();
  }

  /** Whether writes wait for a sync (a background caller uses it to sync soon after a commit). */
  get pending(): boolean {
    return !this.closed && this.changes() > this.durableUpTo;
  }

  /**
   * No more syncs: what is still unsynced is put on disk by `finalSync` (blocking; closing time), and
   * whoever still waits is answered after it. Resolves once an fsync in flight has finished.
   */
  close(finalSync: () => void): Promise<void> {
    if (this.closed) return Promise.resolve();
    const unsynced = this.changes() > this.durableUpTo;
    this.closed = true;
    const waiting = this.next;
    this.next = undefined;
    let failure: unknown;
    try {
      if (unsynced) finalSync();
    } catch (error) {
      failure = error;
    }
    if (waiting) {
      if (failure === undefined) waiting.resolve();
      else waiting.reject(failure);
    }
    // Closing only waits for the fsync in flight to end; its callers already hear whether it failed.
    return this.running ? this.running.done.catch(() => undefined) : Promise.resolve();
  }

  private joinNext(): Promise<void> {
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      this.next = { promise, resolve, reject };
      // Everything committed in this turn of the event loop joins: the fsync starts once it is over.
      if (!this.running) setImmediate(() => this.start());
    }
    return this.next.promise;
  }

  private start(): void {
    const batch = this.next;
    if (!batch || this.running || this.closed) return;
    this.next = undefined;
    const upTo = this.changes();
    let synced: Promise<void>;
    try {
      synced = this.syncToDisk();
    } catch (error) {
      synced = Promise.reject(error);
    }
    // Whoever asks while it runs with nothing written since it began waits on `done`, settled only after the batch
    // that started it: calls that waited for the same fsync are answered in the order they asked. (Settled apart,
    // a later read overtook an earlier one by a microtask, and the UI showed the earlier, older answer last.)
    const done = synced.then(
      () => {
        this.durableUpTo = Math.max(this.durableUpTo, upTo);
        batch.resolve();
      },
      (error: unknown) => {
        batch.reject(error);
        throw error;
      },
    );
    this.running = { upTo, done };
    const next = () => {
      this.running = undefined;
      if (this.next) this.start();
    };
    done.then(next, next);
  }
}
