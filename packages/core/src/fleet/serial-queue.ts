/** Runs async jobs one after another, in the order they were queued; a failed job does not stop the queue. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    // Swallowed on purpose: the job's caller gets its error through `result`; the tail only orders the next job.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One SerialQueue per key (a pane id): jobs for the same key run in order, different keys in parallel; idle keys are forgotten. */
export class KeyedSerialQueue {
  private readonly chains = new Map<string, Promise<unknown>>();

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(job);
    const settled = next.catch(() => undefined); // the caller gets the failure; the chain only waits for it
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }
}
