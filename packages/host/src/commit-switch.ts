import type { StoreOptions } from '@switchboard/core';

/** The environment variable that chooses how the host's commits reach the disk. */
export const COMMIT_ENV = 'SWITCHBOARD_COMMIT';

/**
 * How commits reach the disk, from `SWITCHBOARD_COMMIT`: `group` (unset or empty: the default) shares one
 * fsync among the calls that wait together, off the event loop; `each` gives every commit its own fsync on
 * the event loop, as before group commit (the opt-out; benches compare both). Both are durable before they
 * are acknowledged. Anything else is refused with the values it takes.
 */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const raw = env[COMMIT_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'group') return {};
  if (raw === 'each') return { groupCommit: false };
  throw new Error(`${COMMIT_ENV} must be "group" or "each", not ${JSON.stringify(raw.slice(0, 40))}`);
}
