import { KEY_BYTES, type KeyName } from '@switchboard/protocol';

/** The bytes a terminal receives for a key the contract names (`enter`, `up`, `ctrl+c`, …). */
export function keyBytes(key: string): string {
  if (Object.hasOwn(KEY_BYTES, key)) return KEY_BYTES[key as KeyName];
  throw new Error(`No bytes for key "${key}"`);
}

/** How long to wait between typing text and pressing Enter, so TUIs do not read the Enter as part of a paste. */
export function submitDelayMs(text: string): number {
  const base = 60 + Math.ceil(text.length / 10);
  return Math.min(3_000, text.length > 1_000 ? base + 250 : base);
}
