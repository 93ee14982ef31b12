/**
 * Claude Code's status line marks modes with media-control triangles (`⏵⏵ auto mode on`, U+23F4–U+23F7), which the
 * UI's monospace fonts lack (DejaVu Sans Mono, Menlo): they drew as boxes on the agent cards and in an item's terminal tail. Shown as the geometric
 * triangles those fonts have (U+25B8 and kin); the text is only displayed, never sent back. Pure.
 */
const SWAPS: Record<string, string> = {
  '\u23f4': '\u25c2',
  '\u23f5': '\u25b8',
  '\u23f6': '\u25b4',
  '\u23f7': '\u25be',
};

export function drawableGlyphs(line: string): string {
  return line.replace(/[\u23f4-\u23f7]/g, (glyph) => SWAPS[glyph] ?? glyph);
}
