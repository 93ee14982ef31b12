/**
 * Profiles as iTerm2 keeps them: dictionaries keyed by the exact profile-key strings, values JSON-able.
 * Sessions hold a copy plus session-local overrides (SetProfileProperty with a session target).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type ProfileDict = Record<string, JsonValue>;

type KeyType = 'string' | 'number' | 'bool' | 'color' | 'array' | 'dict' | 'any';

const color = (r: number, g: number, b: number): JsonValue => ({
  'Red Component': r,
  'Green Component': g,
  'Blue Component': b,
  'Alpha Component': 1,
  'Color Space': 'sRGB',
});

const colorKeys = [
  'Background Color',
  'Foreground Color',
  'Cursor Color',
  'Cursor Text Color',
  'Selection Color',
  'Selected Text Color',
  'Bold Color',
  'Link Color',
  'Badge Color',
  'Tab Color',
  'Underline Color',
  'Cursor Guide Color',
  ...Array.from({ length: 16 }, (_, i) => `Ansi ${i} Color`),
];
const boolKeys = [
  'Use Tab Color',
  'Use Underline Color',
  'Use Separate Colors for Light and Dark Mode',
  'Use Bold Font',
  'Use Bright Bold',
  'Blinking Cursor',
  'Use Italic Font',
  'Close Sessions On End',
  'Unlimited Scrollback',
  'Silence Bell',
  'Visual Bell',
  'Flashing Bell',
  'Mouse Reporting',
  'Use Cursor Guide',
  'Send Code When Idle',
  'Disable Window Resizing',
  'Prevent Opening in a Tab',
  'Treat Ambiguous-Width Characters As Double Width',
  'ASCII Anti Aliased',
  'Non-ASCII Anti Aliased',
  'Use Non-ASCII Font',
  'Scrollback in Alternate Screen',
];
const numberKeys = [
  'Columns',
  'Rows',
  'Transparency',
  'Blur Radius',
  'Scrollback Lines',
  'Cursor Type',
  'Horizontal Spacing',
  'Vertical Spacing',
  'Minimum Contrast',
  'Cursor Boost',
  'Blend',
  'Window Type',
  'Screen',
  'Idle Code',
  'Option Key Sends',
  'Right Option Key Sends',
  'Character Encoding',
  'Badge Max Width',
  'Badge Max Height',
];
const stringKeys = [
  'Name',
  'Guid',
  'Badge Text',
  'Custom Command',
  'Command',
  'Working Directory',
  'Custom Directory',
  'Normal Font',
  'Non Ascii Font',
  'Terminal Type',
  'Answerback String',
  'Background Image Location',
  'Initial Text',
  'Shortcut',
  'Original Guid',
  'Dynamic Profile Parent Name',
];

const keyTypes = new Map<string, KeyType>();
for (const k of colorKeys) {
  keyTypes.set(k, 'color');
  keyTypes.set(`${k} (Light)`, 'color');
  keyTypes.set(`${k} (Dark)`, 'color');
}
for (const k of boolKeys) {
  keyTypes.set(k, 'bool');
  keyTypes.set(`${k} (Light)`, 'bool');
  keyTypes.set(`${k} (Dark)`, 'bool');
}
for (const k of numberKeys) keyTypes.set(k, 'number');
for (const k of stringKeys) keyTypes.set(k, 'string');
keyTypes.set('Tags', 'array');
keyTypes.set('Bound Hosts', 'array');
keyTypes.set('Keyboard Map', 'dict');
keyTypes.set('Title Components', 'number');

const isColor = (v: JsonValue): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  ['Red Component', 'Green Component', 'Blue Component'].every((c) => typeof v[c] === 'number');

/** iTerm2's `iTermProfilePreferences valueIsLegal:forKey:`: unknown keys and wrong types are illegal. */
export function isLegalProfileValue(key: string, value: JsonValue): boolean {
  const type = keyTypes.get(key);
  switch (type) {
    case undefined:
      return false;
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'bool':
      return typeof value === 'boolean' || value === 0 || value === 1;
    case 'color':
      return isColor(value);
    case 'array':
      return Array.isArray(value);
    case 'dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'any':
      return true;
  }
}

export const DEFAULT_PROFILE_GUID = 'C2D0E2C4-6B2C-4D8E-9F01-5A1B3C4D5E6F';

/** The profile every fresh simulator starts with (values of a stock iTerm2 "Default" profile). */
export function defaultProfiles(): ProfileDict[] {
  const base: ProfileDict = {
    Name: 'Default',
    Guid: DEFAULT_PROFILE_GUID,
    Columns: 80,
    Rows: 25,
    'Custom Command': 'No',
    Command: '',
    'Custom Directory': 'No',
    'Working Directory': '',
    'Badge Text': '',
    'Normal Font': 'Monaco-Regular 12',
    'Terminal Type': 'xterm-256color',
    'Scrollback Lines': 1000,
    'Unlimited Scrollback': false,
    'Close Sessions On End': true,
    'Use Tab Color': false,
    'Tab Color': color(0, 0, 0),
    'Background Color': color(0, 0, 0),
    'Foreground Color': color(0.7333, 0.7333, 0.7333),
    'Cursor Color': color(0.7333, 0.7333, 0.7333),
    'Cursor Text Color': color(1, 1, 1),
    'Selection Color': color(0.7098, 0.8352, 1),
    'Selected Text Color': color(0, 0, 0),
    'Bold Color': color(1, 1, 1),
    'Link Color': color(0.0235, 0.3176, 0.6863),
    'Badge Color': color(1, 0.149, 0),
    Transparency: 0,
    'Blur Radius': 2,
    Tags: [],
  };
  const ansi = [
    [0, 0, 0],
    [0.7333, 0, 0],
    [0, 0.7333, 0],
    [0.7333, 0.7333, 0],
    [0, 0, 0.7333],
    [0.7333, 0, 0.7333],
    [0, 0.7333, 0.7333],
    [0.7333, 0.7333, 0.7333],
    [0.3333, 0.3333, 0.3333],
    [1, 0.3333, 0.3333],
    [0.3333, 1, 0.3333],
    [1, 1, 0.3333],
    [0.3333, 0.3333, 1],
    [1, 0.3333, 1],
    [0.3333, 1, 1],
    [1, 1, 1],
  ] as const;
  ansi.forEach(([r, g, b], i) => (base[`Ansi ${i} Color`] = color(r, g, b)));
  return [base];
}

/** What a pane should run for a profile: `Custom Command` = Yes/"Custom Shell" uses `Command`. */
export function commandOf(profile: ProfileDict): string | undefined {
  const mode = profile['Custom Command'];
  const command = profile['Command'];
  if ((mode === 'Yes' || mode === 'Custom Shell') && typeof command === 'string' && command.trim() !== '')
    return command;
  return undefined;
}

/** A new window's grid: the profile's Columns × Rows (overrides first), 80×25 when unset or not a positive number. */
export function gridOfProfile(profile: ProfileDict, overrides: ProfileDict): { cols: number; rows: number } {
  return {
    cols: numberSetting(overrides['Columns'] ?? profile['Columns'], 80),
    rows: numberSetting(overrides['Rows'] ?? profile['Rows'], 25),
  };
}

function numberSetting(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
