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

/** Bytes that can answer a prompt on their own: Enter (CR), newline (LF), Escape, Ctrl+C, Ctrl+D. */
const ANSWERING_BYTES = new Set(['\r', '\n', '\u001b', '\u0003', '\u0004']);

/**
 * `text` cut right before every byte that can answer a prompt, so each such byte starts its own write
 * and the input gate checks the screen again right before it (`abc\rdef` → `abc`, `\rdef`). A key's
 * escape sequence stays whole (`\u001b[B` starts its own part).
 */
export function splitBeforeAnsweringBytes(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i < text.length; i++) {
    if (ANSWERING_BYTES.has(text[i]!)) {
      parts.push(text.slice(start, i));
      start = i;
    }
  }
  if (text.length > 0) parts.push(text.slice(start));
  return parts;
}
