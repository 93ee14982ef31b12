import { z } from 'zod';

/** Named keys, with the bytes an xterm-compatible terminal sends for each (normal cursor mode). */
const NAMED_KEY_BYTES = {
  enter: '\r',
  tab: '\t',
  escape: '\x1b',
  space: ' ',
  backspace: '\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
} as const;

type Letter =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z';
/** Control characters that are not ctrl+letter: NUL and 0x1b–0x1f. */
const CONTROL_PUNCTUATION = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 } as const;

export type NamedKey = keyof typeof NAMED_KEY_BYTES;
export type ControlKey = `ctrl+${Letter | keyof typeof CONTROL_PUNCTUATION}`;
/** Every key `pane.keys` can press and every backend can send. */
export type KeyName = NamedKey | ControlKey;

const controlKeys: [ControlKey, string][] = [
  ...[...'abcdefghijklmnopqrstuvwxyz'].map((letter, index): [ControlKey, string] => [
    `ctrl+${letter as Letter}`,
    String.fromCharCode(index + 1),
  ]),
  ...Object.entries(CONTROL_PUNCTUATION).map(([char, code]): [ControlKey, string] => [
    `ctrl+${char as keyof typeof CONTROL_PUNCTUATION}`,
    String.fromCharCode(code),
  ]),
];

/**
 * The one key table: each key's name (as the contract, core and every backend spell it) and its bytes.
 * `pane.keys` accepts exactly these names; backends send exactly these bytes.
 */
export const KEY_BYTES: Readonly<Record<KeyName, string>> = Object.freeze({
  ...NAMED_KEY_BYTES,
  ...Object.fromEntries(controlKeys),
} as Record<KeyName, string>);

/** The named keys (not the control characters), for pickers and docs. */
export const NAMED_KEYS = Object.keys(NAMED_KEY_BYTES) as NamedKey[];

const KEY_NAMES = Object.keys(KEY_BYTES) as [KeyName, ...KeyName[]];

export const PaneKey = z
  .enum(KEY_NAMES)
  .describe(`a named key (${NAMED_KEYS.join(', ')}) or ctrl+LETTER (also ctrl+@ [ \\ ] ^ _)`);
export type PaneKey = z.infer<typeof PaneKey>;
