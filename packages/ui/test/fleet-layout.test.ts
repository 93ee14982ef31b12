import { describe, expect, it } from 'vitest';
import { agentNodeId, layoutFleet, layoutKey, teamNodeId, toLayoutGraph } from '../src/index';
import { idOf, realFleet } from './real-fleet';

describe('toLayoutGraph', () => {
  it('nests sub-teams and agents (in order) inside their team, and puts teamless agents in "No team"', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }, { name: 'web-ui', parent: 'web' }],
      agents: [
        { name: 'w1', team: 'web' },
        { name: 'w2', team: 'web' },
        { name: 'u1', team: 'web-ui' },
        { name: 'loner' },
      ],
    });
    const graph = toLayoutGraph(state);
    const web = graph.children!.find((c) => c.id === teamNodeId(idOf(state, 'web')))!;
    expect(web.children!.map((c) => c.id)).toEqual([
      agentNodeId(idOf(state, 'w1')),
      agentNodeId(idOf(state, 'w2')),
      teamNodeId(idOf(state, 'web-ui')),
    ]);
    expect(graph.children!.map((c) => c.id)).toContain(teamNodeId(null));
    expect(graph.children!.find((c) => c.id === teamNodeId(null))!.children!.map((c) => c.id)).toEqual([
      agentNodeId(idOf(state, 'loner')),
    ]);
  });
});

describe('layoutFleet (elkjs)', () => {
  it('places every agent inside its team box, below the header, without overlaps', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }, { name: 'web-ui', parent: 'web' }],
      agents: ['w1', 'w2', 'w3', 'a1', 'u1'].map((name) => ({
        name,
        team: name.startsWith('w') ? 'web' : name.startsWith('a') ? 'api' : 'web-ui',
      })),
    });
    const layout = await layoutFleet(state);
    for (const agent of Object.values(state.agents)) {
      const box = layout.boxes[agentNodeId(agent.id)]!;
      const team = layout.boxes[teamNodeId(agent.teamId)]!;
      expect(box.parent).toBe(teamNodeId(agent.teamId));
      expect(box.absoluteX).toBeGreaterThanOrEqual(team.absoluteX);
      expect(box.absoluteY).toBeGreaterThanOrEqual(team.absoluteY + 40);
      expect(box.absoluteX + box.width).toBeLessThanOrEqual(team.absoluteX + team.width);
      expect(box.absoluteY + box.height).toBeLessThanOrEqual(team.absoluteY + team.height);
    }
    const agents = Object.values(layout.boxes).filter((_, i) =>
      Object.keys(layout.boxes)[i]!.startsWith('agent:'),
    );
    for (const a of agents)
      for (const b of agents) {
        if (a === b) continue;
        const apart =
          a.absoluteX + a.width <= b.absoluteX ||
          b.absoluteX + b.width <= a.absoluteX ||
          a.absoluteY + a.height <= b.absoluteY ||
          b.absoluteY + b.height <= a.absoluteY;
        expect(apart).toBe(true);
      }
  });

  it('gives an empty team a visible box', async () => {
    const { state } = await realFleet({ teams: [{ name: 'empty' }] });
    const box = (await layoutFleet(state)).boxes[teamNodeId(idOf(state, 'empty'))]!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(60);
  });
});

describe('layoutKey', () => {
  it('changes with structure, not with an agent state change', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }], agents: [{ name: 'w1', team: 'web' }] });
    const id = idOf(state, 'w1');
    const working = {
      ...state,
      agents: { ...state.agents, [id]: { ...state.agents[id]!, state: 'working' as const } },
    };
    expect(layoutKey(working)).toBe(layoutKey(state));
    const moved = { ...state, agents: { ...state.agents, [id]: { ...state.agents[id]!, teamId: null } } };
    expect(layoutKey(moved)).not.toBe(layoutKey(state));
  });
});
