import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_STYLE_RUNS } from '@switchboard/protocol';
import { parseStyledLine } from '../src/sgr-styles';

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

describe('parseStyledLine: capture-pane -e lines as style runs', () => {
  it('reads a line tmux 3.3 printed (recorded): bold, palette, 256-colour, 24-bit, underline+inverse, bright', () => {
    const recorded =
      'plain \x1b[1m\x1b[31mbold-red\x1b[0m\x1b[39m\x1b[49m \x1b[38;5;208morange\x1b[39m ' +
      '\x1b[38;2;10;20;30m\x1b[48;2;200;100;50mrgb\x1b[39m\x1b[49m \x1b[4;7mul-inv\x1b[0m\x1b[39m\x1b[49m ' +
      '\x1b[92mbright\x1b[39m é☃ wide:日本';
    const { text, runs } = parseStyledLine(recorded);
    expect(text).toBe('plain bold-red orange rgb ul-inv bright é☃ wide:日本');
    expect(runs).toEqual([
      { length: 6 },
      { length: 8, bold: true, fg: 1 },
      { length: 1 },
      { length: 6, fg: 208 },
      { length: 1 },
      { length: 3, fg: '#0a141e', bg: '#c86432' },
      { length: 1 },
      { length: 6, underline: true, inverse: true },
      { length: 1 },
      { length: 6, fg: 10 },
    ]);
  });

  it('an unstyled line has no runs; colon forms and attribute offs are understood; other escapes leave no text', () => {
    expect(parseStyledLine('just text')).toEqual({ text: 'just text', runs: [] });
    expect(parseStyledLine('\x1b[38:2::1:2:3mx\x1b[38:5:9my\x1b[4mz\x1b[4:0mw').runs).toEqual([
      { length: 1, fg: '#010203' },
      { length: 1, fg: 9 },
      { length: 1, fg: 9, underline: true },
      { length: 1, fg: 9 },
    ]);
    expect(parseStyledLine('\x1b[1;3mab\x1b[22mc\x1b[23md').runs).toEqual([
      { length: 2, bold: true, italic: true },
      { length: 1, italic: true },
    ]);
    expect(parseStyledLine('\x1b]8;;https://x\x07link\x1b]8;;\x07\x1b[Kend').text).toBe('linkend');
  });

  it('runs always cover the text exactly, never exceed the cap, and the text is the line without escapes', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }).map((s) => s.replaceAll('\x1b', '')),
      fc.constantFrom(
        '\x1b[0m',
        '\x1b[1m',
        '\x1b[31m',
        '\x1b[38;5;200m',
        '\x1b[48;2;1;2;3m',
        '\x1b[39m',
        '\x1b[7m',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const line = pieces.join('');
        const { text, runs } = parseStyledLine(line);
        expect(text).toBe(line.replace(SGR, ''));
        const covered = runs.reduce((sum, run) => sum + run.length, 0);
        expect(covered).toBeLessThanOrEqual([...text].length);
        expect(runs.every((run) => run.length > 0)).toBe(true);
      }),
    );
    const fine = Array.from({ length: 600 }, (_, i) => `\x1b[${31 + (i % 2)}mx`).join('');
    expect(parseStyledLine(fine).runs).toHaveLength(MAX_STYLE_RUNS);
  });
});
