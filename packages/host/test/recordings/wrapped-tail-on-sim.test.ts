// A line longer than the pane wraps over several rows; when its first row scrolls off and its tail is still on the
// screen's top row, that tail is not a new line: before session 20 it was recorded, searched and exported a second
// time as a line of its own (the demo fleet's search showed "orm is ready for review…" two minutes late).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { CommandOutput } from '@switchboard/protocol';
import { closeRecordedHosts, recordedHost } from './recorded-host';

afterAll(closeRecordedHosts);

describe("a wrapped line's tail on the screen's top row", () => {
  it('is indexed and exported once, as part of its whole line', async () => {
    const { backend, human, spawn, dataDir } = await recordedHost({ intervalMs: 50 });
    const agent = await spawn('wrapper');
    const { rows } = await backend.readScreen(agent.paneId);
    // 150 characters: two rows on an 80-column pane, the tail's words its own (w0014 … w0021 start on row 2).
    const words = Array.from({ length: 21 }, (_, i) => `w${String(i + 1).padStart(4, '0')}`).join(' ');
    // The long line at the top, the screen filled below it; then, after pauses longer than the observer's busy gap
    // (each scroll read as it comes), one line scrolls its first row off (its tail on the top row), one more the tail.
    // The typed command spells neither the words nor the marker: on a loaded machine the observer can read the
    // command line before `clear` runs (CI-like starvation, session 22), and that line is rightly recorded.
    await backend.sendText(
      agent.paneId,
      `clear; printf 'w%04d ' $(seq 1 21); echo end-of""-long; seq 1 ${rows! - 3}; sleep 1.5; echo step-a; sleep 1.5; echo step-b; echo fin""ished\r`,
    );
    await eventually(
      async () =>
        (
          await human<CommandOutput<'fleet.search'>>('fleet.search', {
            query: 'finished',
            sources: ['recording'],
          })
        ).total > 0 || undefined,
      30_000,
      'the last line indexed',
    );
    const { content } = await human<CommandOutput<'recording.export'>>('recording.export', {
      agent: 'wrapper',
    });
    const exported = content.split('\n').filter((line) => line.includes('end-of-long'));
    expect(exported, content).toHaveLength(1);
    expect(exported[0]).toContain(words);
    expect(content).toMatch(/Z {2}step-a\n.*Z {2}step-b\n/);
    const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true });
    const lines = (db.prepare('SELECT text FROM recording_lines ORDER BY id').all() as { text: string }[])
      .flatMap((row) => row.text.split('\n'))
      .filter((line) => line.includes('end-of-long'));
    db.close();
    expect(lines).toEqual([expect.stringContaining(words)]);
  });
});
