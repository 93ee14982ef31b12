import {
  defaultHoldingLimits,
  defaultMessagingOptions,
  type HoldingLimits,
  type MemoryOptions,
  type MessagingOptions,
} from '@switchboard/core';
import { envWholeNumber } from './env-values';

/** Bytes of memory entries one agent may keep (MiB). */
export const MEMORY_QUOTA_ENV = 'SWITCHBOARD_MEMORY_QUOTA_MIB';
/** Messages one recipient may hold unacknowledged. */
export const INBOX_MESSAGES_ENV = 'SWITCHBOARD_INBOX_QUOTA_MESSAGES';
/** Bytes of message bodies one recipient may hold unacknowledged (MiB). */
export const INBOX_BYTES_ENV = 'SWITCHBOARD_INBOX_QUOTA_MIB';

/** How many of a kind one agent may hold at once: `SWITCHBOARD_HOLDINGS_LEASES`, `…_LEADER_GROUPS`, … (docs/security.md). */
export const holdingsEnv = (kind: keyof HoldingLimits) =>
  `SWITCHBOARD_HOLDINGS_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const MIB = 1024 * 1024;

/** A positive whole number from the variable, undefined when unset or empty; anything else is refused by name. */
const positiveInteger = (env: NodeJS.ProcessEnv, name: string) =>
  envWholeNumber(env, name, { min: 1, max: 999_999_999 }) ?? undefined;

/**
 * The storage quotas the human set for this host in the environment (docs/limits.md); unset: core's defaults
 * (16 MiB of memory entries per agent; 10,000 messages or 32 MiB unacknowledged per recipient; what one agent may hold
 * at once, core's `defaultHoldingLimits`).
 */
export function storageQuotasFromEnv(env: NodeJS.ProcessEnv = process.env): {
  memory?: Partial<MemoryOptions>;
  messaging?: Partial<MessagingOptions>;
  holdings?: Partial<HoldingLimits>;
} {
  const holdings: Partial<HoldingLimits> = {};
  for (const kind of Object.keys(defaultHoldingLimits) as (keyof HoldingLimits)[]) {
    const value = positiveInteger(env, holdingsEnv(kind));
    if (value !== undefined) holdings[kind] = value;
  }
  const memoryMib = positiveInteger(env, MEMORY_QUOTA_ENV);
  const messages = positiveInteger(env, INBOX_MESSAGES_ENV);
  const inboxMib = positiveInteger(env, INBOX_BYTES_ENV);
  return {
    ...(Object.keys(holdings).length ? { holdings } : {}),
    ...(memoryMib === undefined ? {} : { memory: { maxBytesPerAuthor: memoryMib * MIB } }),
    ...(messages === undefined && inboxMib === undefined
      ? {}
      : {
          messaging: {
            inboxQuota: {
              maxMessages: messages ?? defaultMessagingOptions.inboxQuota.maxMessages,
              maxBytes: inboxMib === undefined ? defaultMessagingOptions.inboxQuota.maxBytes : inboxMib * MIB,
            },
          },
        }),
  };
}
