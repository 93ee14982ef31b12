import { describe, expect, it } from 'vitest';
import { screenFrame } from '../../src/panes/screen-frame';

const screen = (lines: string[], x = 0, y = 0) => ({ lines, cursor: { x, y } });

describe('screenFrame', () => {
  it('sends every row when there is nothing to diff against', () => {
    expect(screenFrame(undefined, screen(['a', '', 'c'], 1, 2))).toEqual({
      full: true, rows: 3, cursor: { x: 1, y: 2 }, changes: [{ row: 0, text: 'a' }, { row: 1, text: '' }, { row: 2, text: 'c' }],
    });
  });

  it('sends only the rows whose text changed', () => {
    const frame = screenFrame(screen(['$ ls', '', ''], 4, 0), screen(['$ ls', 'file', '$ '], 2, 2));
    expect(frame).toEqual({ full: false, rows: 3, cursor: { x: 2, y: 2 }, changes: [{ row: 1, text: 'file' }, { row: 2, text: '$ ' }] });
  });

  it('sends a cursor move alone, and nothing when nothing visible changed', () => {
    expect(screenFrame(screen(['ab'], 1, 0), screen(['ab'], 2, 0))).toEqual({ full: false, rows: 1, cursor: { x: 2, y: 0 }, changes: [] });
    expect(screenFrame(screen(['ab'], 2, 0), screen(['ab'], 2, 0))).toBeUndefined();
  });

  it('falls back to a full frame when the row count changes', () => {
    expect(screenFrame(screen(['a']), screen(['a', 'b']))).toMatchObject({ full: true, rows: 2, changes: [{ row: 0 }, { row: 1 }] });
  });
});
