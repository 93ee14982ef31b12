import { create } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_STYLE_RUNS } from '@switchboard/protocol';
import { eventually } from '@switchboard/core/testing';
import { AlternateColor, CellStyleSchema, LineContentsSchema } from '../../src/gen/api_pb';
import { styleRunsOf } from '../../src/line-styles';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
afterEach(async () => {
  await subject?.dispose();
  subject = undefined;
});

describe('readScreen with styles (embedded server, GetBuffer include_styles)', () => {
  it("reports colours and attributes as runs over each line's text, wide characters and 24-bit colours included, and the pane's width", async () => {
    subject = await startSimWithBackend();
    const { backend } = subject;
    const pane = await backend.createPane({});
    const printed =
      '\r\nA\x1b[31mred\x1b[0m \x1b[1;4mbold\x1b[0m \x1b[32m漢字\x1b[0m \x1b[38;2;255;128;0morange\x1b[0m\x1b[7minv\x1b[0m tail\r\n';
    await backend.api.inject([pane.id], Buffer.from(printed));
    const row = async () => {
      const screen = await backend.readScreen(pane.id, { styles: true });
      const index = screen.lines.findIndex((l) => l.startsWith('Ared'));
      return index < 0 ? undefined : { screen, index };
    };
    const { screen, index } = (await eventually(row, 5_000, 'the coloured line'))!;
    expect(screen.lines[index]).toBe('Ared bold 漢字 orangeinv tail');
    expect(screen.styles?.[index]).toEqual([
      { length: 1 },
      { length: 3, fg: 1 },
      { length: 1 },
      { length: 4, bold: true, underline: true },
      { length: 1 },
      { length: 2, fg: 2 },
      { length: 1 },
      { length: 6, fg: '#ff8000' },
      { length: 3, inverse: true },
    ]);
    expect(screen.styles).toHaveLength(screen.lines.length);
    expect(screen.columns).toBeGreaterThan(10);
    // Unasked, no styles (health, prompts and delivery read plain screens).
    expect((await backend.readScreen(pane.id)).styles).toBeUndefined();
  });
});

describe('styleRunsOf', () => {
  const style = (repeats: number, fg?: number) =>
    create(CellStyleSchema, {
      repeats,
      fgColor:
        fg === undefined
          ? { case: 'fgAlternate', value: AlternateColor.DEFAULT }
          : { case: 'fgStandard', value: fg },
    });

  it('maps cells to code points through code_points_per_cell (combining marks, empty cells) and drops a default tail', () => {
    // "añb": a, n + combining tilde (one cell, two code points), an empty cell, b.
    const line = create(LineContentsSchema, {
      text: 'an\u0303b',
      codePointsPerCell: [
        { numCodePoints: 1, repeats: 1 },
        { numCodePoints: 2, repeats: 1 },
        { numCodePoints: 0, repeats: 1 },
        { numCodePoints: 1, repeats: 1 },
      ],
      style: [style(1), style(2, 4), style(1)],
    });
    expect(styleRunsOf(line)).toEqual([{ length: 1 }, { length: 2, fg: 4 }]);
  });

  it('keeps at most MAX_STYLE_RUNS runs; the rest of the line is unstyled, its text untouched', () => {
    const cells = MAX_STYLE_RUNS * 2;
    const line = create(LineContentsSchema, {
      text: 'x'.repeat(cells),
      codePointsPerCell: [{ numCodePoints: 1, repeats: cells }],
      style: Array.from({ length: cells }, (_, i) => style(1, i % 2 ? 1 : 2)),
    });
    const runs = styleRunsOf(line);
    expect(runs).toHaveLength(MAX_STYLE_RUNS);
    expect(runs.reduce((sum, r) => sum + r.length, 0)).toBe(MAX_STYLE_RUNS);
  });

  it('never counts past the text, whatever the server claims', () => {
    const line = create(LineContentsSchema, {
      text: 'ab',
      codePointsPerCell: [{ numCodePoints: 5, repeats: 3 }],
      style: [style(3, 1), style(9, 2)],
    });
    expect(styleRunsOf(line)).toEqual([{ length: 2, fg: 1 }]);
  });
});
