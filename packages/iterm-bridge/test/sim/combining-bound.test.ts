// Combining codepoints in a row from a pane: at most MAX_JOINED_CODEPOINTS join one cell (session 26).
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { CombiningBound, MAX_JOINED_CODEPOINTS } from '../../src/sim/combining-bound';
import { ParseQueue } from '../../src/sim/parse-queue';
import { newWindow, sub } from './helpers';
import { heapAfterGc as heap, inject, MB, screenLines, simClient } from './pane-output';
import { eventually } from './raw-client';

const { Terminal } = xtermHeadless;
const ACUTE = '\u0301';

describe('CombiningBound', () => {
  it('passes text of every script as the same string: accents, stacked marks, joiners, an emoji tag sequence', () => {
    const bound = new CombiningBound();
    for (const text of [
      'plain ascii\r\n',
      'Tiếng Việt có dấu',
      'नमस्ते दुनिया',
      'བོད་ཡིག',
      '👨‍👩‍👧‍👦 and 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      `e${ACUTE.repeat(MAX_JOINED_CODEPOINTS)}`,
    ])
      expect(bound.text(text)).toBe(text);
  });

  it('keeps the first marks of a longer run, also across writes and through DELs (which do not end a join)', () => {
    const max = MAX_JOINED_CODEPOINTS;
    expect(new CombiningBound().text(`A${ACUTE.repeat(100)}B`)).toBe(`A${ACUTE.repeat(max)}B`);
    const split = new CombiningBound();
    expect(split.text(`A${ACUTE.repeat(max - 2)}`)).toBe(`A${ACUTE.repeat(max - 2)}`);
    expect(split.text('\x7f\x7f')).toBe('\x7f\x7f');
    expect(split.text(ACUTE.repeat(5) + 'x' + ACUTE.repeat(3))).toBe(ACUTE.repeat(2) + 'x' + ACUTE.repeat(3));
    // Tag characters are astral (two UTF-16 units each): counted as one codepoint each.
    const tags = '\u{E0067}'.repeat(20);
    expect([...new CombiningBound().text(`🏴${tags}`)]).toHaveLength(1 + max);
  });
});

describe('a pane printing cells of 200 combining accents', () => {
  it('5,000 of them (2 MB of output) hold what 8 accents a cell hold, the cells still printed', async () => {
    const term = new Terminal({ cols: 80, rows: 25, scrollback: 1000, allowProposedApi: true });
    const queue = new ParseQueue(term);
    const before = heap();
    const cell = `A${ACUTE.repeat(200)}`;
    for (let i = 0; i < 5; i++)
      await new Promise<void>((resolve) => queue.write(cell.repeat(1_000), resolve));
    // Before: +53 MB (each cell a 201-codepoint rope, ~53 bytes a codepoint; 1,000-accent cells ~55 KB each).
    expect(heap() - before).toBeLessThan(16 * MB);
    const row = term.buffer.active.getLine(term.buffer.active.baseY)!;
    expect(row.getCell(0)!.getChars()).toBe(`A${ACUTE.repeat(MAX_JOINED_CODEPOINTS)}`);
  });
});

describe("bytes injected through the API (iTerm2's Inject: output as if the program printed it)", () => {
  const sim = simClient();
  const screen = (session: string) => screenLines(sim.client, session);
  /** A new session whose shell has printed its prompt (nothing more comes from it while it waits). */
  const quietSession = async () => {
    const { sessionId } = await newWindow(sim.client);
    await eventually(async () => (await screen(sessionId)).join('').includes('$'));
    return sessionId;
  };

  it('meet the same bound: 1,000 cells of 1,000 accents (2 KB a cell, 2 MB in all) hold what 8 accents a cell hold', async () => {
    const sessionId = await quietSession();
    const before = heap();
    await inject(sim.client, sessionId, `\x1b[2J\x1b[H${`A${ACUTE.repeat(1_000)}`.repeat(1_000)}\r\n`);
    // Before: +55 MB (a 1,001-codepoint rope a cell, ~55 KB each): injected bytes went to xterm.js undecoded.
    expect(heap() - before).toBeLessThan(16 * MB);
    expect((await screen(sessionId)).join('')).toContain(`A${ACUTE.repeat(MAX_JOINED_CODEPOINTS)}A`);
  });

  it('a character split between two injects, and an accent run continued from one to the next, read as one stream', async () => {
    const sessionId = await quietSession();
    const bytes = new TextEncoder().encode(`\x1b[2J\x1b[Hé${ACUTE.repeat(6)}`);
    for (const part of [bytes.subarray(0, -1), bytes.subarray(-1)])
      sub(
        await sim.client.request({ case: 'injectRequest', value: { sessionId: [sessionId], data: part } }),
        'injectResponse',
      );
    await inject(sim.client, sessionId, `${ACUTE.repeat(6)}z`);
    expect((await screen(sessionId))[0]!.startsWith(`é${ACUTE.repeat(MAX_JOINED_CODEPOINTS)}z`)).toBe(true);
  });
});
