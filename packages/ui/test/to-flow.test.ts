import { describe, expect, it } from 'vitest';
import { agentNodeId, emptyLayout, layoutFleet, teamNodeId, toFlow } from '../src/index';
import { idOf, realFleet } from './real-fleet';

describe('toFlow', () => {
  it('makes a group node per team and a card node per agent, parents first, positions from the layout', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'web-ui', parent: 'web' }],
      agents: [
        { name: 'w1', team: 'web' },
        { name: 'u1', team: 'web-ui', kind: 'claude', role: 'tester' },
      ],
    });
    const layout = await layoutFleet(state);
    const { nodes, edges } = toFlow(state, layout);
    expect(edges).toEqual([]);
    expect(nodes.map((n) => n.id).sort()).toEqual(
      [
        teamNodeId(idOf(state, 'web')),
        teamNodeId(idOf(state, 'web-ui')),
        agentNodeId(idOf(state, 'w1')),
        agentNodeId(idOf(state, 'u1')),
      ].sort(),
    );
    const index = (id: string) => nodes.findIndex((n) => n.id === id);
    for (const node of nodes) if (node.parentId) expect(index(node.parentId)).toBeLessThan(index(node.id));
    const u1 = nodes.find((n) => n.id === agentNodeId(idOf(state, 'u1')))!;
    expect(u1.type).toBe('agent');
    expect(u1.parentId).toBe(teamNodeId(idOf(state, 'web-ui')));
    expect(u1.position).toEqual({ x: layout.boxes[u1.id]!.x, y: layout.boxes[u1.id]!.y });
    expect(u1.data).toMatchObject({
      agent: { name: 'u1', kind: 'claude', role: 'tester' },
      teamName: 'web-ui',
      badges: { unread: 0, approvals: 0, locks: 0 },
    });
    const web = nodes.find((n) => n.id === teamNodeId(idOf(state, 'web')))!;
    expect(web).toMatchObject({ type: 'team', draggable: false, data: { agentCount: 1 } });
  });

  it('leaves out what the layout has not placed, and agents whose layout predates a move', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }, { name: 'b' }],
      agents: [{ name: 'x', team: 'a' }],
    });
    expect(toFlow(state, emptyLayout).nodes).toEqual([]);
    const layout = await layoutFleet(state);
    const x = idOf(state, 'x');
    const moved = { ...state, agents: { [x]: { ...state.agents[x]!, teamId: idOf(state, 'b') } } };
    expect(toFlow(moved, layout).nodes.map((n) => n.id)).not.toContain(agentNodeId(x));
    expect(toFlow(moved, await layoutFleet(moved)).nodes.find((n) => n.id === agentNodeId(x))?.parentId).toBe(
      teamNodeId(idOf(state, 'b')),
    );
  });

  it('keeps the selection it is given', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }],
      agents: [
        { name: 'x', team: 'a' },
        { name: 'y', team: 'a' },
      ],
    });
    const id = agentNodeId(idOf(state, 'y'));
    const nodes = toFlow(state, await layoutFleet(state), { selected: new Set([id]) }).nodes;
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual([id]);
  });
});
