import type { Database as SqliteDatabase } from 'better-sqlite3';

/**
 * Hears how the write it follows ended: `true` once it is committed, `false` when it was rolled back (or
 * its outcome cannot be known: a transaction opened on the database directly, not through the store).
 */
export type CommitHook = (committed: boolean) => void;

/**
 * Work that must follow a commit, never a rollback (an in-memory copy patched with what a transaction
 * wrote). Each transaction run through `run` is a level (nested ones are savepoints): a hook added in it
 * moves to the enclosing level when it succeeds, runs with `true` after the outermost commit, and with
 * `false` as soon as its level is rolled back, even when an enclosing transaction caught that and commits.
 * A hook that throws after the commit does not stop the others; the outermost transaction's caller then
 * hears the first error (the writes stand).
 */
export class CommitHooks {
  private readonly levels: CommitHook[][] = [];

  constructor(private readonly db: SqliteDatabase) {}

  /** Runs a transaction (`transaction` begins and commits it) and then its hooks. */
  run<T>(transaction: () => T): T {
    this.levels.push([]);
    let result: T;
    try {
      result = transaction();
    } catch (error) {
      // The transaction's own error is what its caller hears, not a hook's.
      settle(this.levels.pop()!, false);
      throw error;
    }
    const level = this.levels.pop()!;
    const enclosing = this.levels.at(-1);
    if (enclosing) enclosing.push(...level);
    else {
      const failure = settle(level, true);
      if (failure) throw failure.error;
    }
    return result;
  }

  /** Outside any transaction a write is committed already: the hook runs at once. */
  add(hook: CommitHook): void {
    const level = this.levels.at(-1);
    if (level) level.push(hook);
    else hook(!this.db.inTransaction);
  }
}

/** Every hook runs, even after one threw; returns the first error. */
function settle(hooks: readonly CommitHook[], committed: boolean): { error: unknown } | undefined {
  let failure: { error: unknown } | undefined;
  for (const hook of hooks) {
    try {
      hook(committed);
    } catch (error) {
      failure ??= { error };
    }
  }
  return failure;
}
