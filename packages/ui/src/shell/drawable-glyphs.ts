/**
 * Claude Code's status line marks modes with media-control symbols (`⏵⏵ auto mode on`, U+23F4–U+23F7; `⏸ manual mode
 * on`, U+23F8; tool calls with `⏺`, U+23FA), which the UI's fonts lack (DejaVu Sans Mono and DejaVu Sans, Menlo):
 * they drew as boxes on the agent cards and in an item's terminal tail. Shown as the geometric shapes those fonts have
 * (U+25B8 and kin, U+2016 for pause, U+25A0, U+25CF); the text is only displayed, never sent back. Pure.
 */
const SWAPS: Record<string, string> = {
  '\u23f4': '\u25c2',
  '\u23f5': '\u25b8',
  '\u23f6': '\u25b4',
  '\u23f7': '\u25be',
  '\u23f8': '\u2016',
  '\u23f9': '\u25a0',
  '\u23fa': '\u25cf',
};

export function drawableGlyphs(line: string): string {
  return line.replace(/[\u23f4-\u23fa]/g, (glyph) => SWAPS[glyph] ?? glyph);
}
