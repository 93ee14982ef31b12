import { describe, expect, it } from 'vitest';
import { applyFrame, type CommandOutput, type RecordedScreen } from '@switchboard/protocol';
import { recordedWorld } from './recorded-world';

describe('dropping the oldest chunks and the search index', () => {
  it('keeps every line of the chunks still kept searchable (an index batch spanning a chunk boundary included)', async () => {
    // Chunks of ~256 bytes close every few frames; an index batch gathers 5 s of lines, so it spans chunks.
    const world = recordedWorld({ chunkBytes: 256, maxBytesPerAgent: 1_500, indexMs: 5_000 });
    const agent = await world.spawn('flood');
    const printedAt = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const word = `word${String(i).padStart(3, '0')}`;
      printedAt.set(word, world.clock.now());
      await world.print(agent.paneId!, `${word}\r`);
    }
    await world.pass(3_000);
    const { frames, droppedUntil } = await world.human<CommandOutput<'recording.frames'>>(
      'recording.frames',
      { agent: 'flood', limit: 5_000 },
    );
    expect(droppedUntil).not.toBeNull();
    // The words printed after the drop's end: each appeared on a kept frame (and is there in the replay).
    let screen: RecordedScreen | undefined;
    const onKeptScreens = new Set<string>();
    for (const frame of frames) {
      screen = applyFrame(screen, frame);
      for (const line of screen.lines) onKeptScreens.add(line);
    }
    const kept = [...printedAt].filter(([, at]) => at > Date.parse(droppedUntil!)).map(([word]) => word);
    expect(kept.filter((word) => !onKeptScreens.has(word))).toEqual([]);
    expect(kept.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const word of kept) {
      const found = await world.human<CommandOutput<'fleet.search'>>('fleet.search', {
        query: word,
        sources: ['recording'],
      });
      if (found.total === 0) missing.push(word);
    }
    expect(missing).toEqual([]);
    await world.orchestrator.close();
  });
});
