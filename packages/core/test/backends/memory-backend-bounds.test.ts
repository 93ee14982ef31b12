// A memory pane keeps a terminal's worth of lines (`--backend memory` runs as a product backend too): a pane
// that prints forever must not grow the host forever, and what it keeps is numbered as before the trim.
import { describe, expect, it } from 'vitest';
import { createMemoryBackend, MEMORY_PANE_LINES } from '../../src/backends/memory-backend';

describe('the memory backend', () => {
  it('keeps at most its bound of lines per pane, numbering the kept ones as if none were dropped', async () => {
    const backend = createMemoryBackend();
    const { id: paneId } = await backend.createPane({});
    const printed = 3 * MEMORY_PANE_LINES;
    for (let i = 0; i < printed; i += 500)
      await backend.sendText(paneId, Array.from({ length: 500 }, (_, j) => `line ${i + j}\n`).join(''));
    const kept = backend.inspect(paneId).lines;
    expect(kept.length).toBeLessThanOrEqual(MEMORY_PANE_LINES + 1_000);
    expect(kept.length).toBeGreaterThanOrEqual(MEMORY_PANE_LINES);
    expect(kept.at(-2)).toBe(`line ${printed - 1}`);
    const screen = await backend.readScreen(paneId, { scrollback: 5 });
    // Line n of the pane is "line n": numbering goes on across the trims.
    expect(screen.lines[0]).toBe(`line ${screen.firstLine}`);
    expect(screen.firstLine).toBe(printed - 24 - 5 + 1);
  });

  it('takes a text of a million lines in one write', async () => {
    const backend = createMemoryBackend();
    const { id: paneId } = await backend.createPane({});
    await backend.sendText(paneId, 'x\n'.repeat(1_000_000));
    expect(backend.inspect(paneId).lines.length).toBeLessThanOrEqual(MEMORY_PANE_LINES + 1_000);
  });
});
