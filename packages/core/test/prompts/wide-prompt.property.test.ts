import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { readPrompt } from '../../src/index';

const COLUMNS = 80;
/** Characters of every width class: ASCII (1), CJK and Hangul (2), emoji the old hand table missed (2), a letter with a combining accent (1 cell, 2 code units). */
const glyph = fc.constantFrom('a', 'z', '7', '界', '面', '한', '🚀', '🚑', '✅', '☔', 'e\u0301');

/** Each glyph's cells, measured once (none of them joins its neighbour, so a row's width is the sum). */
const cells = new Map<string, number>();
const cellsOf = (g: string) => cells.get(g) ?? cells.set(g, stringWidth(g)).get(g)!;

/** A full terminal row from these glyphs, as a terminal fills it: a wide glyph that would not fit is replaced by a narrow one. */
function fullRow(glyphs: string[]): string {
  // Widths added up glyph by glyph: measuring the whole row again for every glyph was ~90 % of this file's CPU
  // (4.3 of 4.9 s, quiet machine), readPrompt the rest.
  let row = '';
  let width = 0;
  for (const g of glyphs) {
    if (width === COLUMNS) break;
    const fits = width + cellsOf(g) <= COLUMNS;
    row += fits ? g : 'x';
    width += fits ? cellsOf(g) : 1;
  }
  row += 'x'.repeat(COLUMNS - width);
  // The row is measured whole once: it is a full row by string-width, whatever the sum said.
  if (stringWidth(row) !== COLUMNS) throw new Error(`not a full row (${stringWidth(row)} cells): ${row}`);
  return row;
}

describe('prompt reading measures rows in terminal cells (string-width), not UTF-16 units', () => {
  it('a [y/N] question wrapped over full rows of wide text keeps its start', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(glyph, { minLength: 40, maxLength: 80 }), { minLength: 1, maxLength: 3 }),
        fc.array(glyph, { minLength: 1, maxLength: 20 }),
        (full, tail) => {
          const rows = full.map(fullRow);
          const last = `${tail.join('')}? [y/N] `;
          // A full-width rule above, as CLIs draw it.
          const lines = ['─'.repeat(COLUMNS), ...rows, last];
          const prompt = readPrompt('shell', { lines, cursor: { x: last.length, y: lines.length - 1 } });
          expect(prompt?.question).toBe(`${rows.join('')}${tail.join('')}? [y/N]`);
        },
      ),
      { numRuns: process.env['STRESS'] === '1' ? 2000 : 100 },
    );
  });

  it('a row of 40 CJK characters is full at 80 columns (40 UTF-16 units, 80 cells)', () => {
    const lines = ['─'.repeat(COLUMNS), '界'.repeat(40), 'deploy? [y/N] '];
    expect(readPrompt('shell', { lines, cursor: { x: 14, y: 2 } })?.question).toBe(
      `${'界'.repeat(40)}deploy? [y/N]`,
    );
  });
});
