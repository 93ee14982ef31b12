import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import {
  DEFAULT_GRID_TILES,
  gridAgents,
  gridColumns,
  MAX_GRID_TILES,
  toggleGridAgent,
} from '../../src/mirror/grid-choice';

const agent = (
  name: string,
  state: Agent['state'] = 'idle',
  paneId: string | null = `pane-${name}`,
): Agent => ({
  id: `id-${name}`,
  name,
  kind: 'shell',
  command: null,
  cwd: null,
  teamId: null,
  role: 'builder',
  state,
  stateSince: '2026-01-01T00:00:00.000Z',
  paneId,
  position: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('grid choice', () => {
  const fleet = ['e', 'd', 'c', 'b', 'a']
    .map((n) => agent(n))
    .concat(agent('w', 'waiting_for_input'), agent('nopane', 'idle', null));

  it('starts with the agents that need attention, then by name, only those with a pane, DEFAULT_GRID_TILES of them', () => {
    expect(gridAgents(fleet, null).map((a) => a.name)).toEqual(
      ['w', 'a', 'b', 'c'].slice(0, DEFAULT_GRID_TILES),
    );
  });

  it('counts numbered names as numbers: builder-2 before builder-10', () => {
    const batch = ['builder-10', 'builder-2', 'builder-1', 'builder-11'].map((n) => agent(n));
    expect(gridAgents(batch, null).map((a) => a.name)).toEqual([
      'builder-1',
      'builder-2',
      'builder-10',
      'builder-11',
    ]);
  });

  it('keeps the chosen order, drops agents that lost their pane or left, and never shows more than nine', () => {
    expect(gridAgents(fleet, ['id-c', 'id-nopane', 'id-gone', 'id-a']).map((a) => a.name)).toEqual([
      'c',
      'a',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => agent(`n${i}`));
    expect(
      gridAgents(
        many,
        many.map((a) => a.id),
      ),
    ).toHaveLength(MAX_GRID_TILES);
  });

  it('ticks and unticks; a tenth tick is refused', () => {
    expect(toggleGridAgent(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleGridAgent(['a', 'b'], 'a')).toEqual(['b']);
    const nine = Array.from({ length: MAX_GRID_TILES }, (_, i) => `x${i}`);
    expect(toggleGridAgent(nine, 'tenth')).toEqual(nine);
  });

  it('lays tiles out as square as it gets', () => {
    expect([1, 2, 4, 5, 9].map(gridColumns)).toEqual([1, 2, 2, 3, 3]);
  });
});
