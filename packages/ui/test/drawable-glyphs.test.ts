import { describe, expect, it } from 'vitest';
import { drawableGlyphs } from '../src/shell/drawable-glyphs';

// Found by use (session 25): Claude Code's status line "⏵⏵ auto mode on" drew as two boxes on the agent cards: the
// UI's monospace fonts (DejaVu Sans Mono, Menlo) have no U+23F5. The card (useLastLine) draws triangles they have.
describe("an agent card's last line", () => {
  it('draws the media-control triangles U+23F4-U+23F7 as the geometric ones the monospace fonts have', () => {
    expect(drawableGlyphs('⏵⏵ auto mode on (shift+tab to cycle)')).toBe(
      '▸▸ auto mode on (shift+tab to cycle)',
    );
    expect(drawableGlyphs('⏴ ⏶ ⏷')).toBe('◂ ▴ ▾');
    expect(drawableGlyphs('❯ No · ● Done. · ✻ Baked')).toBe('❯ No · ● Done. · ✻ Baked');
  });

  // Session 26 saw Claude Code's "⏸ manual mode on" draw as a box: no font here has U+23F8 (nor U+23F9, U+23FA).
  it('draws pause, stop and record (U+23F8-U+23FA) as a double bar, a square and a dot', () => {
    expect(drawableGlyphs('  ⏸ manual mode on · ? for shortcuts')).toBe(
      '  ‖ manual mode on · ? for shortcuts',
    );
    expect(drawableGlyphs('⏺ Bash(ls) ⏹')).toBe('● Bash(ls) ■');
  });
});
