import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are the time in milliseconds, the rest random. Ids made
 * later sort after ids made earlier (within one millisecond, in any order), so rows keyed by them are added
 * at the end of their indexes: a group of sends committed together writes one or two index pages instead of
 * one page per send (random UUIDs land anywhere in the index).
 */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx; its random bits after the version digit are kept.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
