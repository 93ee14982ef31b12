// A pane grown taller pulls the lines above its screen back down into it (the terminal shows more of its
// scrollback): those lines were recorded when they were on screen and must not be recorded, searched or exported
// a second time. The real recorder on the in-memory terminal, resized the way a person drags a divider.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '@switchboard/protocol';
import { recordedWorld } from './recorded-world';

const numbersIn = (transcript: string) =>
  [...transcript.matchAll(/Z {2}line-(\d+)$/gm)].map((m) => Number(m[1]));

describe('a pane grown taller', () => {
  it('records the lines that came back from the scrollback once, in the transcript and the frames', async () => {
    const world = recordedWorld({ intervalMs: 250 });
    const agent = await world.spawn('tall');
    const paneId = agent.paneId!;
    await world.print(paneId, Array.from({ length: 60 }, (_, i) => `line-${i}\r`).join(''));
    await world.pass(1_000);
    const height = (await world.backend.readScreen(paneId)).rows!;
    world.backend.dragToRows!(paneId, height + 12);
    await world.print(paneId, 'grown\r');
    await world.pass(1_000);
    const { content } = await world.human<CommandOutput<'recording.export'>>('recording.export', {
      agent: 'tall',
    });
    expect(content).toMatch(/Z {2}grown$/m);
    // Every printed line once, in order: none of the 12 that came back twice.
    expect(numbersIn(content)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'tall',
      limit: 5_000,
    });
    // 12 rows came back, less the row the new line scrolled up: told on the frame.
    expect(frames.at(-1)!.restored).toBe(11);
    // The search index has each line once too (a fleet search first writes what waits for the next batch).
    await world.human('fleet.search', { query: 'grown', sources: ['recording'] });
    const db = new Database(join(world.dataDir, 'switchboard.db'), { readonly: true });
    const rows = db.prepare('SELECT text FROM recording_lines ORDER BY id').all() as { text: string }[];
    db.close();
    expect(numbersIn(rows.map((row) => row.text.replace(/^/gm, 'Z  ')).join('\n'))).toEqual(
      Array.from({ length: 60 }, (_, i) => i),
    );
    await world.orchestrator.close();
  });
});
