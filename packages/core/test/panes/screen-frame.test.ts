import { describe, expect, it } from 'vitest';
import { screenFrame } from '../../src/panes/screen-frame';

const screen = (lines: string[], x = 0, y = 0) => ({ lines, cursor: { x, y } });

describe('screenFrame', () => {
  it('sends every row when there is nothing to diff against', () => {
    expect(screenFrame(undefined, screen(['a', '', 'c'], 1, 2))).toEqual({
      full: true,
      rows: 3,
      cursor: { x: 1, y: 2 },
      changes: [
        { row: 0, text: 'a' },
        { row: 1, text: '' },
        { row: 2, text: 'c' },
      ],
    });
  });

  it('sends only the rows whose text changed', () => {
    const frame = screenFrame(screen(['$ ls', '', ''], 4, 0), screen(['$ ls', 'file', '$ '], 2, 2));
    expect(frame).toEqual({
      full: false,
      rows: 3,
      cursor: { x: 2, y: 2 },
      changes: [
        { row: 1, text: 'file' },
        { row: 2, text: '$ ' },
      ],
    });
  });

  it('sends a cursor move alone, and nothing when nothing visible changed', () => {
    expect(screenFrame(screen(['ab'], 1, 0), screen(['ab'], 2, 0))).toEqual({
      full: false,
      rows: 1,
      cursor: { x: 2, y: 0 },
      changes: [],
    });
    expect(screenFrame(screen(['ab'], 2, 0), screen(['ab'], 2, 0))).toBeUndefined();
  });

  it('falls back to a full frame when the row count changes', () => {
    expect(screenFrame(screen(['a']), screen(['a', 'b']))).toMatchObject({
      full: true,
      rows: 2,
      changes: [{ row: 0 }, { row: 1 }],
    });
  });
});

describe('screenFrame with colours', () => {
  const styled = (
    lines: string[],
    styles: { length: number; fg?: number; bold?: true }[][],
    columns?: number,
  ) => ({
    lines,
    cursor: { x: 0, y: 0 },
    styles,
    ...(columns ? { columns } : {}),
  });

  it("carries a row's style runs, and none for a row in the default look", () => {
    const frame = screenFrame(undefined, styled(['red', 'plain'], [[{ length: 3, fg: 1 }], []], 43));
    expect(frame).toEqual({
      full: true,
      rows: 2,
      columns: 43,
      cursor: { x: 0, y: 0 },
      changes: [
        { row: 0, text: 'red', styles: [{ length: 3, fg: 1 }] },
        { row: 1, text: 'plain' },
      ],
    });
  });

  it('sends a row whose look changed although its text did not', () => {
    const before = styled(['ok', 'same'], [[{ length: 2, fg: 2 }], []]);
    const after = styled(['ok', 'same'], [[{ length: 2, fg: 1, bold: true }], []]);
    expect(screenFrame(before, after)?.changes).toEqual([
      { row: 0, text: 'ok', styles: [{ length: 2, fg: 1, bold: true }] },
    ]);
    expect(
      screenFrame(after, styled(['ok', 'same'], [[{ length: 2, fg: 1, bold: true }], []])),
    ).toBeUndefined();
  });

  it("sends a full frame when the pane's width changes", () => {
    expect(screenFrame(styled(['a'], [[]], 40), styled(['a'], [[]], 60))).toMatchObject({
      full: true,
      columns: 60,
    });
  });
});
