import type { StoreOptions } from '@switchboard/core';
import { envChoice } from './env-values';

/** The environment variable that chooses how the host's commits reach the disk. */
export const COMMIT_ENV = 'SWITCHBOARD_COMMIT';

/**
 * How commits reach the disk, from `SWITCHBOARD_COMMIT`: `group` (unset or empty: the default) shares one
 * fsync among the calls that wait together, off the event loop; `each` gives every commit its own fsync on
 * the event loop, as before group commit (the opt-out; benches compare both). Both are durable before they
 * are acknowledged. Anything else is refused with the values it takes.
 */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  return envChoice(env, COMMIT_ENV, ['group', 'each']) === 'each' ? { groupCommit: false } : {};
}
