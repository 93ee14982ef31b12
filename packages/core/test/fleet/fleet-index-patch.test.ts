// A state change patches the fleet index in place of one agent: the work does not grow with the fleet (100 agents
// exiting together are ~300 state changes, each of which rebuilt the lookup of every agent by id and name).
import type { Agent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { FleetIndex } from '../../src/fleet/fleet-index';
import { allocatedBytes } from '../../src/testing/index';

const agentNo = (i: number): Agent => ({
  id: `agent-${i}`,
  name: `worker-${i}`,
  kind: 'shell',
  command: null,
  cwd: null,
  teamId: null,
  role: 'builder',
  state: 'idle',
  stateSince: '2026-01-01T00:00:00.000Z',
  paneId: `pane-${i}`,
  position: i,
  createdAt: '2026-01-01T00:00:00.000Z',
  worktree: null,
});

/** An index of `size` agents, read once (so patches apply to a kept snapshot), outside any transaction. */
function indexOf(size: number): FleetIndex {
  const agents = Array.from({ length: size }, (_, i) => agentNo(i));
  const index = new FleetIndex(
    () => ({ agents: agents.map((a) => ({ ...a })), teams: [] }),
    () => false,
  );
  index.current();
  return index;
}

const states = ['working', 'idle', 'exited'] as const;
const patchAll = (index: FleetIndex, size: number, round: number) => {
  for (let i = 0; i < size; i++)
    index.agentUpdated({
      ...agentNo(i),
      state: states[(i + round) % 3]!,
      stateSince: `2026-01-0${1 + (round % 9)}`,
    });
};

/** Bytes V8 allocates per state change (freed or not), by its allocation sampler, over `rounds` of `size` changes. */
async function bytesPerChange(index: FleetIndex, size: number, rounds: number): Promise<number> {
  const bytes = await allocatedBytes(() => {
    for (let round = 0; round < rounds; round++) patchAll(index, size, round);
  });
  return bytes / (rounds * size);
}

describe('fleet index: a state change', () => {
  it('is found by id and by name at once, through many changes in a row', () => {
    const index = indexOf(50);
    for (let round = 0; round < 5; round++) {
      patchAll(index, 50, round);
      for (let i = 0; i < 50; i++) {
        const expected = states[(i + round) % 3];
        expect(index.current().agentsByRef.get(`agent-${i}`)?.state).toBe(expected);
        expect(index.current().agentsByRef.get(`worker-${i}`)?.state).toBe(expected);
      }
    }
  });

  it('costs the same at 400 agents as at 20: the lookup is patched, not rebuilt', async () => {
    // Extra bytes a change allocates per agent in the fleet: before, the agent list was copied and the map of ids
    // and names rebuilt (~150 bytes an agent per change: 15 KB at 100 agents, 4.5 MB over 100 exits at once); now
    // only the list is copied (~16), plus a small map of the changes since the last build. The least of a few
    // warmed-up tries (unoptimized code allocates more, but alike at both sizes).
    const perAgent: number[] = [];
    for (let attempt = 0; attempt < 5 && !(Math.min(...perAgent) < 40); attempt++) {
      const small = indexOf(20);
      const large = indexOf(400);
      patchAll(small, 20, 0);
      patchAll(large, 400, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const atSmall = await bytesPerChange(small, 20, 100);
      const atLarge = await bytesPerChange(large, 400, 5);
      perAgent.push((atLarge - atSmall) / 380);
    }
    expect(
      Math.min(...perAgent),
      `extra bytes per change per agent, each try: ${perAgent.join(', ')}`,
    ).toBeLessThan(40);
  });
});
