import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedWorld } from './recorded-world';

// A first chunk is often the tail an agent's exit writes, when a fleet's exits come together: making the agent's
// folder then was the largest single cost of those exits in the host (docs/performance.md, session 18).
describe('recording folders', () => {
  it("makes an agent's folder when it is followed, before its first chunk; the exit's tail goes in it", async () => {
    const world = recordedWorld({ flushMs: 60_000 });
    const agents = [await world.spawn('ann'), await world.spawn('bob'), await world.spawn('cy')];
    const folderOf = (id: string) => join(world.dataDir, 'recordings', id);
    for (const agent of agents) {
      expect(existsSync(folderOf(agent.id))).toBe(true);
      expect(readdirSync(folderOf(agent.id))).toEqual([]);
    }
    for (const agent of agents) await world.print(agent.paneId!, `built ${agent.name}\r`);
    expect(agents.map((a) => readdirSync(folderOf(a.id)))).toEqual([[], [], []]);
    // The panes go (their processes exited): each agent's open chunk is its first, written into its folder
    // (with the next index batch: tails.test.ts).
    for (const agent of agents) await world.backend.closePane(agent.paneId!);
    await world.pass(1_100);
    for (const agent of agents) expect(readdirSync(folderOf(agent.id))).toHaveLength(1);
    await world.orchestrator.close();
  });

  it('makes the folders of the agents a restarted host finds', async () => {
    const world = recordedWorld({ flushMs: 60_000 });
    const ann = await world.spawn('ann');
    await world.orchestrator.close();
    const folder = join(world.dataDir, 'recordings', ann.id);
    expect(existsSync(folder)).toBe(true);
    rmSync(folder, { recursive: true });
    const again = recordedWorld({ flushMs: 60_000 }, world.dataDir, world.backend);
    await again.orchestrator.ready;
    expect(existsSync(folder)).toBe(true);
    await again.orchestrator.close();
  });
});
