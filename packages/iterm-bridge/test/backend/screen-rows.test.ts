// A read with scrollback says where its screen starts (`rows`): iTerm2's answer to it does not, so the backend
// keeps each pane's height from its `rows` variable, which iTerm2 sets at every resize (a divider dragged too,
// when no layout change is reported) and notifies before it answers a later read.
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { readScreenOf } from '../../src/screen-read';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
afterEach(async () => {
  await subject?.dispose();
  subject = undefined;
});

/** The embedded server and a backend, with a pane that printed `row-1` … `row-200` (the last of them on screen). */
async function printedPane() {
  subject = await startSimWithBackend();
  const { backend, server } = subject;
  const pane = await backend.createPane({});
  await backend.sendText(pane.id, `for i in $(seq 1 200); do echo row-$i; done\r`);
  await eventually(
    async () => (await backend.readScreen(pane.id)).lines.includes('row-200'),
    5_000,
    'row-200',
  );
  /** Counts the backend's requests for the grid's size from now on (the live client's own method, called through). */
  const countGridAsks = () => {
    const asked = { count: 0 };
    const lineInfo = backend.api.lineInfo.bind(backend.api);
    backend.api.lineInfo = (...args: Parameters<typeof lineInfo>) => (asked.count++, lineInfo(...args));
    return asked;
  };
  return { backend, server, pane, countGridAsks };
}

describe("a read's screen rows", () => {
  it('follow a pane dragged taller and shorter with no layout change, without asking for the grid', async () => {
    const { backend, server, pane, countGridAsks } = await printedPane();
    const events: BackendEvent[] = [];
    backend.onEvent((event) => events.push(event));
    const before = await backend.readScreen(pane.id);
    const gridAsked = countGridAsks();
    const layoutChanges = () => events.filter((event) => event.type === 'layout.changed').length;
    const layoutsBefore = layoutChanges();
    for (const rows of [before.lines.length + 10, before.lines.length - 10]) {
      expect(server.dragToRows(pane.id, rows)).toBe(true);
      // Told the rows it last saw, as the screen observer tells them: the read is of the pane as it is now.
      const read = await backend.readScreen(pane.id, { scrollback: 30, rows: before.lines.length });
      const alone = await backend.readScreen(pane.id);
      expect(read.rows).toBe(rows);
      expect(alone.lines).toHaveLength(rows);
      // At least the lines asked for above it (more when it asked by the height it knew when it sent the read).
      expect(read.lines.length).toBeGreaterThanOrEqual(30 + rows);
      expect(read.lines.slice(-rows)).toEqual(alone.lines);
    }
    expect(gridAsked.count).toBe(0);
    expect(layoutChanges()).toBe(layoutsBefore);
    // The height is the backend's own business: no `variable.changed` for it (nobody watches `rows`).
    expect(events.some((event) => event.type === 'variable.changed')).toBe(false);
  });

  it("before the pane's height is heard: by the rows told, else by the grid asked for first", async () => {
    const { backend, pane, countGridAsks } = await printedPane();
    const screen = await backend.readScreen(pane.id);
    const gridAsked = countGridAsks();
    const unheard = { columns: undefined, rows: () => undefined };
    const asking = await readScreenOf(backend.api, pane.id, { scrollback: 30 }, unheard);
    expect(gridAsked.count).toBe(1);
    const told = await readScreenOf(
      backend.api,
      pane.id,
      { scrollback: 30, rows: screen.lines.length },
      unheard,
    );
    expect(gridAsked.count).toBe(1);
    expect(told).toEqual(asking);
    expect(told.rows).toBe(screen.lines.length);
    expect(told.lines.slice(-screen.lines.length)).toEqual(screen.lines);
    // A count that is not a row count is not trusted: the grid is asked for.
    await readScreenOf(backend.api, pane.id, { scrollback: 30, rows: 0 }, unheard);
    expect(gridAsked.count).toBe(2);
  });

  it('keeps every line its number when the pane grows or shrinks (lines move between screen and scrollback)', async () => {
    const { backend, server, pane } = await printedPane();
    /** The absolute number of the line `row-150`, from a read with scrollback. */
    const numberOf150 = async () => {
      const read = await backend.readScreen(pane.id, { scrollback: 100 });
      return read.firstLine! + read.lines.indexOf('row-150');
    };
    const before = await numberOf150();
    const rows = (await backend.readScreen(pane.id)).lines.length;
    for (const height of [rows + 12, rows - 10, rows]) {
      server.dragToRows(pane.id, height);
      expect(await numberOf150()).toBe(before);
    }
  });
});
