// Output that scrolls past between two reads of a pane (a burst longer than the screen) is still recorded:
// read back from the scrollback by its line numbers, every line once, redacted, in the transcript and the
// search index; what the scrollback no longer held is counted, not silently lost.
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { CommandOutput } from '@switchboard/protocol';
import { playAsciicast } from './play-asciicast';
import { closeRecordedHosts, recordedHost } from './recorded-host';

afterAll(closeRecordedHosts);
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** The numbers of the transcript's `line-N` lines, in order. */
const numbered = (transcript: string) =>
  [...transcript.matchAll(/Z {2}line-(\d+)$/gm)].map((match) => Number(match[1]));

type Human = Awaited<ReturnType<typeof recordedHost>>['human'];

/** The agent's transcript once it shows the line `burst-done`. */
const transcriptOnceDone = (human: Human, agent: string) =>
  eventually(
    async () => {
      const { content } = await human<CommandOutput<'recording.export'>>('recording.export', { agent });
      return /Z {2}burst-done$/m.test(content) ? content : undefined;
    },
    30_000,
    'the burst recorded',
  );

describe('lines that scroll past between two reads', () => {
  it('a 600-line burst is in the transcript and the search, every line once, in order, a secret redacted', async () => {
    const { backend, human, spawn } = await recordedHost({});
    const agent = await spawn('burst');
    await backend.sendText(
      agent.paneId,
      `(seq 1 300; echo "key ${AWS_KEY}"; seq 301 600) | sed 's/^[0-9]/line-&/'; echo burst-done\r`,
    );
    const transcript = await transcriptOnceDone(human, 'burst');
    expect(numbered(transcript)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(transcript).not.toContain(AWS_KEY);
    expect(transcript).toMatch(/Z {2}key \S*REDACTED/);
    expect(transcript).not.toContain('scrolled past unrecorded');
    // The asciicast prints them too: played in a terminal, its scrollback holds every line once, in order.
    const cast = await human<CommandOutput<'recording.export'>>('recording.export', {
      agent: 'burst',
      format: 'asciicast',
    });
    const played = await playAsciicast(cast.content, 2_000);
    const playedNumbers = played.buffer.flatMap((line) => /^line-(\d+)$/.exec(line.trimEnd())?.[1] ?? []);
    expect(playedNumbers.map(Number)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(played.buffer.join('\n')).not.toContain(AWS_KEY);
    // A line that was never on a read screen is found by the fleet search.
    const found = await human<CommandOutput<'fleet.search'>>('fleet.search', {
      query: 'line-137',
      sources: ['recording'],
    });
    expect(found.groups.map((group) => group.agentId)).toEqual([agent.id]);
  }, 60_000);

  it('a pane printing more lines between two reads than its screen holds, for seconds, keeps every line', async () => {
    // 40 lines a second for ~8 s: read at the busy pace (about once a second) from the third second, ~40 lines
    // scroll past between two reads of its 24 rows. They come with the next read (the observer asks for them above
    // the screen); before, each gap was read back, 3 at once and then one per 5 s, and the others were skipped.
    const { backend, human, spawn } = await recordedHost({});
    const agent = await spawn('steady');
    let withScrollback = 0;
    const readScreen = backend.readScreen.bind(backend);
    backend.readScreen = (paneId, options) => {
      if (paneId === agent.paneId && (options?.scrollback ?? 0) > 0) withScrollback++;
      return readScreen(paneId, options);
    };
    await backend.sendText(
      agent.paneId,
      `i=1; while [ $i -le 320 ]; do echo line-$i; i=$((i + 1)); read -t 0.025; done; echo burst-done\r`,
    );
    const transcript = await transcriptOnceDone(human, 'steady');
    expect(numbered(transcript)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
    expect(transcript).not.toContain('scrolled past unrecorded');
    expect(withScrollback).toBeGreaterThan(4);
  }, 60_000);

  it('a pane dragged taller while it prints (no layout change) keeps every line, its frames the whole screen', async () => {
    const { backend, server, human, spawn } = await recordedHost({});
    const agent = await spawn('dragged');
    const before = await backend.readScreen(agent.paneId);
    await backend.sendText(
      agent.paneId,
      `i=1; while [ $i -le 320 ]; do echo line-$i; i=$((i + 1)); read -t 0.025; done; echo burst-done\r`,
    );
    // Three seconds in (the reads carry the lines above the screen by then), a person drags the divider.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rows = before.lines.length + 12;
    const draggedAt = Date.now();
    expect(server.dragToRows(agent.paneId, rows)).toBe(true);
    const transcript = await transcriptOnceDone(human, 'dragged');
    expect(numbered(transcript)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
    expect(transcript).not.toContain('scrolled past unrecorded');
    const { frames } = await human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'dragged',
    });
    // A second after the drag, every frame is of the new height (the old split cut it at the old one for 20 reads).
    const after = frames.filter((frame) => frame.at > draggedAt + 1_000);
    expect(after.length).toBeGreaterThan(2);
    expect(after.map((frame) => frame.rows)).toEqual(after.map(() => rows));
  }, 60_000);

  it('a quiet pane grown taller records the lines that came back from its scrollback once', async () => {
    const { backend, server, human, spawn } = await recordedHost({});
    const agent = await spawn('grown');
    await backend.sendText(agent.paneId, `seq 1 100 | sed 's/^/line-/'; echo burst-done\r`);
    await transcriptOnceDone(human, 'grown');
    // The terminal shows 12 more rows: lines from above the screen come back down into it.
    server.dragToRows(agent.paneId, (await backend.readScreen(agent.paneId)).lines.length + 12);
    await backend.sendText(agent.paneId, 'echo grown-done\r');
    const transcript = await eventually(
      async () => {
        const { content } = await human<CommandOutput<'recording.export'>>('recording.export', {
          agent: 'grown',
        });
        return /Z {2}grown-done$/m.test(content) ? content : undefined;
      },
      30_000,
      'the grown pane recorded',
    );
    expect(numbered(transcript)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  }, 60_000);

  it('a burst beyond the catch-up bound keeps its newest lines and says how many it skipped', async () => {
    const { backend, human, spawn } = await recordedHost({ catchUpLines: 20 });
    const agent = await spawn('long');
    await backend.sendText(agent.paneId, `seq 1 5000 | sed 's/^/line-/'; echo burst-done\r`);
    const transcript = await transcriptOnceDone(human, 'long');
    const lines = numbered(transcript);
    const skipped = [...transcript.matchAll(/# (\d+) lines scrolled past unrecorded/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    // Every number at most once and in order; what is missing is what the frames said they skipped.
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.at(-1)).toBe(5000);
    expect(skipped).toBeGreaterThan(0);
    // The skipped count may include the command line itself (it scrolled past too, unread).
    expect(lines.length + skipped).toBeGreaterThanOrEqual(5000);
    expect(lines.length + skipped).toBeLessThanOrEqual(5001);
    // The asciicast says the skipped lines with markers, as many in all.
    const cast = await human<CommandOutput<'recording.export'>>('recording.export', {
      agent: 'long',
      format: 'asciicast',
    });
    const { markers } = await playAsciicast(cast.content, 0);
    const marked = markers.map((label) => /^(\d+) lines scrolled past unrecorded$/.exec(label)?.[1] ?? 0);
    expect(marked.map(Number).reduce((a, b) => a + b, 0)).toBe(skipped);
  }, 60_000);
});
