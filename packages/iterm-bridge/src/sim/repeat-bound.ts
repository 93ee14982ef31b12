import type { Terminal } from '@xterm/headless';

/**
 * Bounds REP (`CSI Ps b`, repeat the preceding character Ps times, Ps up to 65,535): one that would print more
 * codepoints than a screenful of cells holds (the count times the preceding cell's codepoints) is dropped, the
 * only REP anything draws with being a run along a row or two. xterm.js builds the whole repeat at once
 * (`count × the character's codepoints` 32-bit slots) and each printed cell keeps its own copy of a combined
 * character: a pane printing `A`, 1,000 combining accents and `CSI 65535 b` (2 KB) held the host 52 s and 3.6 GB
 * of heap; with 5,000 accents the host died of "JavaScript heap out of memory" (session 26). A plain `A` then
 * `CSI 65535 b`, 10 bytes, was 65,535 cells of work (100 of them: 0.46 s).
 */
export function boundRepeats(term: Terminal): void {
  term.parser.registerCsiHandler({ final: 'b' }, (params) => {
    const count = Math.max(1, Number(params[0]) || 1);
    const buffer = term.buffer.active;
    const line = buffer.getLine(buffer.baseY + buffer.cursorY);
    // The preceding character: the cell before the cursor, or the one before that for a wide one.
    const codepoints = Math.max(
      1,
      ...[1, 2].map((back) => [...(line?.getCell(buffer.cursorX - back)?.getChars() ?? '')].length),
    );
    return count * codepoints > term.cols * term.rows;
  });
}
