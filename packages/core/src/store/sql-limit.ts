/**
 * ` LIMIT <n>` with the number written into the SQL, not bound as `LIMIT ?`. SQLite 3.53 (better-sqlite3's
 * build, with STAT4) plans a query with the LIMIT's value, so it marks a bound LIMIT as a parameter whose
 * every new binding recompiles the statement: each call of a cached `… LIMIT ?` statement was prepared
 * again (the inbox query of every receive: ~35 µs of its ~95). Written in, the plan is the same one (the
 * planner saw the value either way) and the statement stays compiled; each distinct limit is its own
 * cached statement. Only a non-negative safe integer is written into SQL; anything else throws.
 */
export function limitClause(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`A LIMIT must be a non-negative integer, not ${String(limit)}`);
  return ` LIMIT ${limit}`;
}
