import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { printable, type ScreenStyleRun } from '@switchboard/protocol';
import { applyFrame, blankMirror, type MirrorScreen, type ScreenFrame } from '../../src/mirror/screen-writer';

const full = (
  frame: number,
  lines: string[],
  cursor: { x: number; y: number } | null = { x: 0, y: 0 },
): ScreenFrame => ({
  frame,
  full: true,
  rows: lines.length,
  changes: lines.map((text, row) => ({ row, text })),
  cursor,
});
const diff = (
  frame: number,
  rows: number,
  changes: [number, string][],
  cursor = { x: 0, y: 0 },
): ScreenFrame => ({
  frame,
  full: false,
  rows,
  changes: changes.map(([row, text]) => ({ row, text })),
  cursor,
});

/** Plays frames into a real xterm.js parser (the headless build of what the UI draws with) and reads its screen back. */
async function play(frames: ScreenFrame[], start: MirrorScreen = blankMirror) {
  const terminal = new Terminal({ cols: 10, rows: 2, allowProposedApi: true });
  let screen = start;
  const resyncs: number[] = [];
  for (const frame of frames) {
    const step = applyFrame(screen, frame, { minColumns: 20 });
    if (step.resync) resyncs.push(frame.frame);
    if (step.resize) terminal.resize(step.resize.columns, step.resize.rows);
    if (step.data) await new Promise<void>((resolve) => terminal.write(step.data, resolve));
    screen = step.screen;
  }
  const buffer = terminal.buffer.active;
  const lines = Array.from(
    { length: terminal.rows },
    (_v, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
  );
  const cell = (x: number, y: number) => {
    const c = buffer.getLine(buffer.viewportY + y)!.getCell(x)!;
    return {
      chars: c.getChars(),
      fg: c.isFgDefault()
        ? 'default'
        : c.isFgRGB()
          ? `#${c.getFgColor().toString(16).padStart(6, '0')}`
          : c.getFgColor(),
      bg: c.isBgDefault() ? 'default' : c.getBgColor(),
      bold: !!c.isBold(),
      underline: !!c.isUnderline(),
      inverse: !!c.isInverse(),
    };
  };
  const result = {
    screen,
    lines,
    cursor: { x: buffer.cursorX, y: buffer.cursorY },
    resyncs,
    columns: terminal.cols,
    cell,
  };
  terminal.dispose();
  return result;
}

describe('applyFrame → xterm.js', () => {
  it('draws a full frame row by row and puts the cursor where the pane has it', async () => {
    const { lines, cursor, columns } = await play([full(1, ['$ echo hi', 'hi', '$ '], { x: 2, y: 2 })]);
    expect(lines).toEqual(['$ echo hi', 'hi', '$ ']);
    expect(cursor).toEqual({ x: 2, y: 2 });
    expect(columns).toBe(20);
  });

  it('rewrites only the changed rows of a diff, clearing what they used to say', async () => {
    const { lines, screen } = await play([
      full(1, ['long line here', 'b', 'c']),
      diff(
        2,
        3,
        [
          [0, 'short'],
          [2, 'C'],
        ],
        { x: 1, y: 2 },
      ),
    ]);
    expect(lines).toEqual(['short', 'b', 'C']);
    expect(screen).toMatchObject({ frame: 2, lines: ['short', 'b', 'C'] });
  });

  it('widens the terminal for a long row and never wraps it onto the next', async () => {
    const long = 'x'.repeat(45);
    const { lines, columns } = await play([full(1, ['a', 'b']), diff(2, 2, [[0, long]])]);
    expect(columns).toBe(45);
    expect(lines).toEqual([long, 'b']);
  });

  it('counts wide characters as two cells when sizing the terminal', async () => {
    const wide = '界'.repeat(15);
    const { lines, columns } = await play([full(1, [wide])]);
    expect(columns).toBe(30);
    expect(lines).toEqual([wide]);
  });

  it('sizes by string-width: emoji the old table missed take two cells, a combining accent none', async () => {
    // U+1F680–1F6FF and U+2600–27BF: 30 emoji, 60 cells; 'e' + U+0301 five times: 5 cells.
    const row = '🚀✅☔'.repeat(10) + 'e\u0301'.repeat(5);
    const { screen } = await play([full(1, [row])]);
    expect(screen.columns).toBe(65);
  });

  it('never narrower than a row, never wider than the widest row needs (property, against string-width)', () => {
    const glyph = fc.constantFrom('a', ' ', '界', '한', '🚀', '🛸', '✅', '☔', 'e\u0301', '─', '…');
    fc.assert(
      fc.property(
        fc.array(
          fc.array(glyph, { maxLength: 70 }).map((g) => g.join('')),
          { minLength: 1, maxLength: 6 },
        ),
        (rows) => {
          const { screen } = applyFrame(blankMirror, full(1, rows), { minColumns: 20 });
          for (const row of rows) expect(screen.columns).toBeGreaterThanOrEqual(stringWidth(row));
          expect(screen.columns).toBe(Math.max(20, ...rows.map((row) => stringWidth(row))));
        },
      ),
      { numRuns: process.env['STRESS'] === '1' ? 2000 : 200 },
    );
  });

  it('asks for a resync on a missed frame and drops diffs that come before the first full frame', async () => {
    const early = await play([diff(5, 2, [[0, 'early']])]);
    expect(early).toMatchObject({ resyncs: [], screen: { frame: 0 } });
    const gap = await play([full(1, ['a', 'b']), diff(3, 2, [[0, 'skipped one']])]);
    expect(gap.resyncs).toEqual([3]);
    expect(gap.lines).toEqual(['a', 'b']);
  });

  it('prints control characters as nothing, so a screen cannot inject escape sequences', async () => {
    expect(printable('a\x1b[2Jb\x07c\x9bd')).toBe('a[2Jbcd');
    const { lines } = await play([full(1, ['ok', 'x\x1b]0;title\x07y'])]);
    expect(lines).toEqual(['ok', 'x]0;titley']);
  });

  it("draws each row's colours and attributes from its style runs, and resets them for the rest of the row", async () => {
    const runs: ScreenStyleRun[] = [
      { length: 1 },
      { length: 3, fg: 1 },
      { length: 1 },
      { length: 4, bold: true, underline: true, bg: 12 },
      { length: 1 },
      { length: 2, fg: '#ff8000', inverse: true },
    ];
    const frame: ScreenFrame = {
      frame: 1,
      full: true,
      rows: 1,
      changes: [{ row: 0, text: 'Ared bold 漢字 after', styles: runs }],
      cursor: null,
    };
    const { lines, cell } = await play([frame]);
    expect(lines).toEqual(['Ared bold 漢字 after']);
    expect(cell(0, 0)).toMatchObject({ chars: 'A', fg: 'default', bold: false });
    expect(cell(1, 0)).toMatchObject({ chars: 'r', fg: 1 });
    expect(cell(3, 0)).toMatchObject({ chars: 'd', fg: 1 });
    expect(cell(4, 0)).toMatchObject({ chars: ' ', fg: 'default' });
    expect(cell(5, 0)).toMatchObject({ chars: 'b', bold: true, underline: true, bg: 12 });
    expect(cell(10, 0)).toMatchObject({ chars: '漢', fg: '#ff8000', inverse: true });
    expect(cell(12, 0)).toMatchObject({ chars: '字', fg: '#ff8000' });
    expect(cell(15, 0)).toMatchObject({
      chars: 'a',
      fg: 'default',
      bg: 'default',
      bold: false,
      inverse: false,
    });
  });

  it('restyles a row whose look changed, and draws a row that lost its styles in the default look', async () => {
    const red = (frame: number, full: boolean): ScreenFrame => ({
      frame,
      full,
      rows: 2,
      changes: [
        { row: 0, text: 'warn', styles: [{ length: 4, fg: 1 }] },
        { row: 1, text: 'x' },
      ],
      cursor: null,
    });
    const { cell } = await play([
      red(1, true),
      { frame: 2, full: false, rows: 2, changes: [{ row: 0, text: 'warn' }], cursor: null },
    ]);
    expect(cell(0, 0)).toMatchObject({ chars: 'w', fg: 'default' });
    const again = await play([red(1, true)]);
    expect(again.cell(3, 0)).toMatchObject({ chars: 'n', fg: 1 });
  });

  it('keeps control characters out of styled rows too, and the runs still line up with the text', async () => {
    const frame: ScreenFrame = {
      frame: 1,
      full: true,
      rows: 1,
      changes: [{ row: 0, text: 'a\x1b[2Jbc', styles: [{ length: 5, fg: 2 }] }],
      cursor: null,
    };
    const { lines, cell } = await play([frame]);
    expect(lines).toEqual(['a[2Jbc']);
    expect(cell(3, 0)).toMatchObject({ chars: 'J', fg: 2 });
    expect(cell(4, 0)).toMatchObject({ chars: 'b', fg: 'default' });
  });

  it("takes the pane's own width when the frame says it, however short its rows", async () => {
    const { columns } = await play([{ ...full(1, ['$ ']), columns: 43 }]);
    expect(columns).toBe(43);
  });
});
