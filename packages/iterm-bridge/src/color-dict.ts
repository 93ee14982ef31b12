import { SwitchboardError } from '@switchboard/protocol';

/** `#rrggbb` as an iTerm2 colour dictionary (sRGB, components 0..1). */
export function colorDict(hex: string): Record<string, unknown> {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new SwitchboardError('invalid_input', `Not a #rrggbb colour: "${hex}"`);
  const [r, g, b] = [match[1]!, match[2]!, match[3]!].map((h) => parseInt(h, 16) / 255);
  return {
    'Red Component': r,
    'Green Component': g,
    'Blue Component': b,
    'Alpha Component': 1,
    'Color Space': 'sRGB',
  };
}
