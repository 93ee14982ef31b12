import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyFrame, type CommandOutput, type RecordedScreen } from '@switchboard/protocol';
import { recordedWorld } from './recorded-world';

type Frames = CommandOutput<'recording.frames'>;

/** The screens a recording's frames draw, one line of text each (trimmed, blank lines out). */
function screensOf(frames: Frames['frames']): string[] {
  let screen: RecordedScreen | undefined;
  return frames.map((frame) =>
    (screen = applyFrame(screen, frame)).lines
      .map((line) => line.trimEnd())
      .filter(Boolean)
      .join('|'),
  );
}

// A fleet's exits come together; the recorder writes an exited agent's open chunk (its tail) with the next index
// batch, not in the exit's turn (docs/performance.md, session 18). Nothing of it is lost or out of order.
describe('recording tails', () => {
  it("writes an exited agent's tail with the next index batch, not as its pane closes; a reader sees it at once", async () => {
    const world = recordedWorld({ flushMs: 60_000 });
    const agents = [await world.spawn('ann'), await world.spawn('bob'), await world.spawn('cy')];
    for (const agent of agents) await world.print(agent.paneId!, `echo last words of ${agent.name}\r`);
    const filesOf = (id: string) => readdirSync(join(world.dataDir, 'recordings', id));
    for (const agent of agents) await world.backend.closePane(agent.paneId!);
    await world.pass(100);
    // The panes are gone and their agents lost, no chunk written yet.
    expect(agents.map((a) => world.orchestrator.fleet.repository.findAgent(a.id)?.state)).toEqual([
      'lost',
      'lost',
      'lost',
    ]);
    expect(agents.map((a) => filesOf(a.id))).toEqual([[], [], []]);
    // A reader asks: every tail is written and indexed first, the last screen there.
    const read = await world.human<Frames>('recording.frames', { agent: 'ann', limit: 1000 });
    expect(screensOf(read.frames).at(-1)).toContain('last words of ann');
    expect(agents.map((a) => filesOf(a.id).length)).toEqual([1, 1, 1]);
    const listed = await world.human<CommandOutput<'recording.list'>>('recording.list', {});
    expect(listed.recordings.filter((r) => r.chunks === 1)).toHaveLength(3);
    await world.orchestrator.close();
  });

  it('writes the tails by themselves with the index batch, each complete', async () => {
    const world = recordedWorld({ flushMs: 60_000, indexMs: 1_000 });
    const agents = [await world.spawn('ann'), await world.spawn('bob')];
    for (const agent of agents) await world.print(agent.paneId!, `echo last words of ${agent.name}\r`);
    for (const agent of agents) await world.backend.closePane(agent.paneId!);
    await world.pass(1_100);
    for (const agent of agents) {
      expect(readdirSync(join(world.dataDir, 'recordings', agent.id))).toHaveLength(1);
      const read = await world.human<Frames>('recording.frames', { agent: agent.id, limit: 1000 });
      expect(screensOf(read.frames).at(-1)).toContain(`last words of ${agent.name}`);
    }
    await world.orchestrator.close();
  });

  it("writes an agent's tail before the chunks of the pane it is restarted in: every segment in order", async () => {
    const world = recordedWorld({ flushMs: 500, indexMs: 5_000 });
    const ann = await world.spawn('ann');
    await world.print(ann.paneId!, 'echo first pane\r');
    await world.backend.closePane(ann.paneId!);
    await world.pass(100);
    const again = (await world.human<{ paneId: string }>('agent.restart', { agent: 'ann' })).paneId;
    await world.print(again, 'echo second pane\r');
    await world.pass(600); // the new pane's first chunk written, the old pane's tail still waiting for the batch
    const read = await world.human<Frames>('recording.frames', { agent: 'ann', limit: 1000 });
    const screens = screensOf(read.frames);
    expect(screens.findIndex((s) => s.includes('second pane'))).toBeGreaterThan(
      screens.findIndex((s) => s.includes('first pane')),
    );
    // Each segment file gunzips to its frames in order (the tail was not appended after the new pane's chunk).
    const folder = join(world.dataDir, 'recordings', ann.id);
    for (const name of readdirSync(folder)) {
      const times = gunzipSync(readFileSync(join(folder, name)))
        .toString()
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { at: number }).at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    await world.orchestrator.close();
  });
});
