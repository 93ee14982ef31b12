const NAMED: Record<string, string> = {
  enter: '\r',
  tab: '\t',
  escape: '\x1b',
  space: ' ',
  backspace: '\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
};
const CONTROL_PUNCTUATION: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };

/** The bytes a terminal receives for a key the contract names (`enter`, `up`, `ctrl+c`, …). */
export function keyBytes(key: string): string {
  const named = NAMED[key];
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
