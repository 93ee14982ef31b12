import { PROFILE_DEFAULTS, PROFILE_KEY_TYPES, type ProfileValueType } from './vendor/iterm2-tables';

/**
 * Profiles as iTerm2 keeps them: dictionaries keyed by the exact profile-key strings, values JSON-able.
 * Sessions hold a copy plus session-local overrides (SetProfileProperty with a session target).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type ProfileDict = Record<string, JsonValue>;

const color = (r: number, g: number, b: number): JsonValue => ({
  'Red Component': r,
  'Green Component': g,
  'Blue Component': b,
  'Alpha Component': 1,
  'Color Space': 'sRGB',
});

const isDict = (v: JsonValue): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * iTerm2's `iTermProfilePreferences valueIsLegal:forKey:` over the key table vendored from its sources
 * (vendor/iterm2-tables.ts): an unknown key is illegal; booleans and numbers are both NSNumbers there, so
 * either passes for a bool or number key; colours are dictionaries with red, green and blue components.
 */
export function isLegalProfileValue(key: string, value: JsonValue): boolean {
  const type: ProfileValueType | undefined = PROFILE_KEY_TYPES[key];
  switch (type) {
    case undefined:
      return false;
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'bool':
      if (key === 'Background Image Folder Interval') return typeof value === 'number' && value >= 1;
      return typeof value === 'number' || typeof value === 'boolean';
    case 'color':
      return (
        isDict(value) &&
        ['Red Component', 'Green Component', 'Blue Component'].every((c) => typeof value[c] === 'number')
      );
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'dictArray':
      return Array.isArray(value) && value.every(isDict);
    case 'dict':
      return isDict(value);
  }
}

/** A profile value as iTerm2's objectForKey:inProfile: reads it: the profile's, else iTerm2's default. */
export function profileValue(profile: ProfileDict, key: string): JsonValue | undefined {
  return profile[key] ?? PROFILE_DEFAULTS[key];
}

/** Every key iTerm2 reports for a get_profile_property without keys. */
export const ALL_PROFILE_KEYS = Object.keys(PROFILE_KEY_TYPES);

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
