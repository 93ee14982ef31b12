import { Modifiers, type KeystrokePattern } from '../gen/api_pb';

/** A key the person presses: one character, or a named key, with modifiers held. */
export interface KeyPress {
  /** A single character (`a`, `A`, `/`, ` `) or Escape Return Tab Backspace ForwardDelete Up Down Left Right Home End PageUp PageDown F1…F12. */
  key: string;
  modifiers?: readonly ('control' | 'option' | 'command' | 'shift')[];
}

/** What iTerm2 reports of a key-down (an NSEvent) and what it writes to the pty for it. */
export interface KeyEvent {
  characters: string;
  charactersIgnoringModifiers: string;
  keyCode: number;
  modifiers: Modifiers[];
  /** Bytes for the program; empty when the key goes to a menu (Command) instead. */
  bytes: string;
}

export class UnknownKeyError extends Error {}

// macOS virtual key codes (HIToolbox Events.h, kVK_ANSI_* for a US layout).
const CHARACTER_CODES: Record<string, number> = Object.fromEntries(
  [
    ['asdfhgzxcv', 0x00],
    ['bqweryt123465', 0x0b],
    ['=97-80]ou[ip', 0x18],
    ["lj'k;\\,/nm.", 0x25],
  ].flatMap(([keys, first]) => [...(keys as string)].map((k, i) => [k, (first as number) + i])),
);
CHARACTER_CODES[' '] = 0x31;
CHARACTER_CODES['`'] = 0x32;
const SHIFTED: Record<string, string> = Object.fromEntries(
  [...'~!@#$%^&*()_+{}|:"<>?'].map((c, i) => [c, "`1234567890-=[]\\;',./"[i]!]),
);

/** Named keys: key code, NSEvent characters (function keys use Apple's private-use range), bytes, CSI final. */
const NAMED: Record<string, { code: number; chars: string; bytes: string; csi?: string; fn?: boolean }> = {
  Escape: { code: 0x35, chars: '\x1b', bytes: '\x1b' },
  Return: { code: 0x24, chars: '\r', bytes: '\r' },
  Tab: { code: 0x30, chars: '\t', bytes: '\t' },
  Backspace: { code: 0x33, chars: '\x7f', bytes: '\x7f' },
  ForwardDelete: { code: 0x75, chars: '\uf728', bytes: '\x1b[3~', fn: true },
  Up: { code: 0x7e, chars: '\uf700', bytes: '\x1b[A', csi: 'A', fn: true },
  Down: { code: 0x7d, chars: '\uf701', bytes: '\x1b[B', csi: 'B', fn: true },
  Right: { code: 0x7c, chars: '\uf703', bytes: '\x1b[C', csi: 'C', fn: true },
  Left: { code: 0x7b, chars: '\uf702', bytes: '\x1b[D', csi: 'D', fn: true },
  Home: { code: 0x73, chars: '\uf729', bytes: '\x1b[H', csi: 'H', fn: true },
  End: { code: 0x77, chars: '\uf72b', bytes: '\x1b[F', csi: 'F', fn: true },
  PageUp: { code: 0x74, chars: '\uf72c', bytes: '\x1b[5~', fn: true },
  PageDown: { code: 0x79, chars: '\uf72d', bytes: '\x1b[6~', fn: true },
};
const F_CODES = [0x7a, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6d, 0x67, 0x6f];
const F_BYTES = ['OP', 'OQ', 'OR', 'OS', '[15~', '[17~', '[18~', '[19~', '[20~', '[21~', '[23~', '[24~'];
F_CODES.forEach((code, i) => {
  NAMED[`F${i + 1}`] = { code, chars: String.fromCharCode(0xf704 + i), bytes: `\x1b${F_BYTES[i]}`, fn: true };
});

const MODIFIER: Record<string, Modifiers> = {
  control: Modifiers.CONTROL,
  option: Modifiers.OPTION,
  command: Modifiers.COMMAND,
  shift: Modifiers.SHIFT,
};

/**
 * The event for a key press. `applicationCursor` (DECCKM) switches arrows to SS3; `optionSendsEsc`
 * is the profile's "Option Key Sends: Esc+" (otherwise Option passes the character through).
 */
export function keyEvent(press: KeyPress, applicationCursor: boolean, optionSendsEsc: boolean): KeyEvent {
  const held = new Set(press.modifiers ?? []);
  const modifiers = [...held].map((m) => MODIFIER[m]!);
  const named = NAMED[press.key];
  if (named) {
    if (named.fn) modifiers.push(Modifiers.FUNCTION);
    if (named.csi && 'ABCD'.includes(named.csi)) modifiers.push(Modifiers.NUMPAD);
    // xterm's modifier parameter: 1 + shift 1 + option 2 + control 4.
    const param =
      1 + (held.has('shift') ? 1 : 0) + (held.has('option') ? 2 : 0) + (held.has('control') ? 4 : 0);
    let bytes = named.bytes;
    if (named.csi && param > 1) bytes = `\x1b[1;${param}${named.csi}`;
    else if (named.csi && applicationCursor && 'ABCD'.includes(named.csi)) bytes = `\x1bO${named.csi}`;
    else if (!named.csi && param > 1 && bytes.endsWith('~')) bytes = `${bytes.slice(0, -1)};${param}~`;
    return {
      characters: named.chars,
      charactersIgnoringModifiers: named.chars,
      keyCode: named.code,
      modifiers,
      bytes: held.has('command') ? '' : bytes,
    };
  }
  if ([...press.key].length !== 1) throw new UnknownKeyError(`unknown key ${JSON.stringify(press.key)}`);
  const base = SHIFTED[press.key] ?? press.key.toLowerCase();
  const keyCode = CHARACTER_CODES[base];
  if (keyCode === undefined) throw new UnknownKeyError(`no key code for ${JSON.stringify(press.key)}`);
  // `A` or `!` is typed with Shift whether or not the caller said so.
  if (press.key !== base && !held.has('shift')) {
    held.add('shift');
    modifiers.push(Modifiers.SHIFT);
  }
  const shifted = held.has('shift') ? (shiftOf(base) ?? press.key) : base;
  let characters = shifted;
  if (held.has('control')) characters = controlOf(base) ?? shifted;
  let bytes = characters;
  if (held.has('option') && optionSendsEsc) bytes = `\x1b${characters}`;
  return {
    characters,
    charactersIgnoringModifiers: shifted,
    keyCode,
    modifiers,
    bytes: held.has('command') ? '' : bytes,
  };
}

function shiftOf(base: string): string | undefined {
  if (/^[a-z]$/.test(base)) return base.toUpperCase();
  return Object.entries(SHIFTED).find(([, b]) => b === base)?.[0];
}

/** Control-letter and the few punctuation keys with a C0 code. */
function controlOf(base: string): string | undefined {
  if (/^[a-z]$/.test(base)) return String.fromCharCode(base.charCodeAt(0) - 96);
  const c0: Record<string, string> = { '[': '\x1b', '\\': '\x1c', ']': '\x1d', ' ': '\x00', '/': '\x1f' };
  return c0[base];
}

/** iTerm2's PTYSession event:matchesPattern: (all required modifiers, no forbidden one, then any key). */
export function matchesPattern(event: KeyEvent, pattern: KeystrokePattern): boolean {
  if (pattern.requiredModifiers.some((m) => !event.modifiers.includes(m))) return false;
  if (pattern.forbiddenModifiers.some((m) => event.modifiers.includes(m))) return false;
  return (
    pattern.keycodes.includes(event.keyCode) ||
    pattern.characters.includes(event.characters) ||
    pattern.charactersIgnoringModifiers.includes(event.charactersIgnoringModifiers)
  );
}
