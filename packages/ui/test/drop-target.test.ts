import { describe, expect, it } from 'vitest';
import {
  agentNodeId,
  layoutFleet,
  planDrop,
  teamAt,
  teamNodeId,
  type FleetLayout,
  type Point,
} from '../src/index';
import { idOf, realFleet } from './real-fleet';

/** A drop where the pointer's team was the one lit while dragging (as the chart does). */
const dropAt = (state: Parameters<typeof planDrop>[0], layout: FleetLayout, ids: string[], point: Point) =>
  planDrop(state, layout, ids, teamAt(layout, point), point);

const centre = (layout: FleetLayout, id: string) => {
  const box = layout.boxes[id]!;
  return { x: box.absoluteX + box.width / 2, y: box.absoluteY + box.height / 2 };
};

describe('planDrop', () => {
  it('moves an agent to the team under the pointer, at the place among its agents', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }, { name: 'b' }],
      agents: [
        { name: 'x', team: 'a' },
        { name: 'b1', team: 'b' },
        { name: 'b2', team: 'b' },
      ],
    });
    const layout = await layoutFleet(state);
    const x = idOf(state, 'x');
    const b1 = centre(layout, agentNodeId(idOf(state, 'b1')));
    // Just before b1's centre → first; just after b2's → last.
    expect(dropAt(state, layout, [x], { x: b1.x - 20, y: b1.y - 1 })).toEqual({
      kind: 'move',
      agentIds: [x],
      teamId: idOf(state, 'b'),
      position: 0,
    });
    const b2 = centre(layout, agentNodeId(idOf(state, 'b2')));
    expect(dropAt(state, layout, [x], { x: b2.x + 20, y: b2.y + 1 })).toEqual({
      kind: 'move',
      agentIds: [x],
      teamId: idOf(state, 'b'),
      position: 2,
    });
  });

  it('reorders within a team, and dropping in place changes nothing', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }],
      agents: ['p', 'q', 'r'].map((name) => ({ name, team: 'a' })),
    });
    const layout = await layoutFleet(state);
    const [p, r] = [idOf(state, 'p'), idOf(state, 'r')];
    expect(dropAt(state, layout, [p], centre(layout, agentNodeId(p)))).toEqual({ kind: 'none' });
    const rc = centre(layout, agentNodeId(r));
    expect(dropAt(state, layout, [p], { x: rc.x + 10, y: rc.y + 1 })).toMatchObject({
      kind: 'move',
      teamId: idOf(state, 'a'),
      position: 2,
    });
  });

  it('refuses a drop on empty canvas with the reason; "No team" means leaving all teams', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }],
      agents: [{ name: 'x', team: 'a' }, { name: 'loose' }],
    });
    const layout = await layoutFleet(state);
    const x = idOf(state, 'x');
    expect(dropAt(state, layout, [x], { x: -500, y: -500 })).toEqual({
      kind: 'refused',
      reason: 'Drop agents onto a highlighted team.',
    });
    expect(dropAt(state, layout, [x], centre(layout, teamNodeId(null)))).toMatchObject({
      kind: 'move',
      teamId: null,
    });
  });

  it('moves only onto the lit target: nothing lit is refused even over a team; the "No team" zone appends', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }, { name: 'b' }],
      agents: [{ name: 'x', team: 'a' }, { name: 'l1' }, { name: 'l2' }],
    });
    const layout = await layoutFleet(state);
    const x = idOf(state, 'x');
    const overB = centre(layout, teamNodeId(idOf(state, 'b')));
    expect(planDrop(state, layout, [x], null, overB)).toEqual({
      kind: 'refused',
      reason: 'Drop agents onto a highlighted team.',
    });
    expect(planDrop(state, layout, [x], teamNodeId(null), null)).toEqual({
      kind: 'move',
      agentIds: [x],
      teamId: null,
      position: 2,
    });
    expect(planDrop(state, layout, [idOf(state, 'l2')], teamNodeId(null), null)).toEqual({ kind: 'none' });
  });

  it('finds the innermost team under a point', async () => {
    const { state } = await realFleet({ teams: [{ name: 'outer' }, { name: 'inner', parent: 'outer' }] });
    const layout = await layoutFleet(state);
    expect(teamAt(layout, centre(layout, teamNodeId(idOf(state, 'inner'))))).toBe(
      teamNodeId(idOf(state, 'inner')),
    );
    const outer = layout.boxes[teamNodeId(idOf(state, 'outer'))]!;
    expect(teamAt(layout, { x: outer.absoluteX + 4, y: outer.absoluteY + 4 })).toBe(
      teamNodeId(idOf(state, 'outer')),
    );
  });
});
