import { KEY_SEQUENCES } from '../ports/terminal-backend';

/** The contract spells two keys without the port's hyphen; every other named key is the port's own. */
const PORT_NAME: Record<string, string> = { pageup: 'page-up', pagedown: 'page-down' };
const NAMED = KEY_SEQUENCES as Record<string, string>;
const CONTROL_PUNCTUATION: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };

/** The bytes a terminal receives for a key the contract names (`enter`, `up`, `ctrl+c`, …). */
export function keyBytes(key: string): string {
  const named = key.startsWith('ctrl') ? undefined : NAMED[PORT_NAME[key] ?? key];
  if (named !== undefined) return named;
  const control = /^ctrl\+(.)$/.exec(key)?.[1];
  if (control !== undefined) {
    if (/^[a-z]$/.test(control)) return String.fromCharCode(control.charCodeAt(0) - 96);
    const code = CONTROL_PUNCTUATION[control];
    if (code !== undefined) return String.fromCharCode(code);
  }
  throw new Error(`No bytes for key "${key}"`);
}

/** How long to wait between typing text and pressing Enter, so TUIs do not read the Enter as part of a paste. */
export function submitDelayMs(text: string): number {
  const base = 60 + Math.ceil(text.length / 10);
  return Math.min(3_000, text.length > 1_000 ? base + 250 : base);
}
