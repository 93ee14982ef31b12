import { describe, expect, it } from 'vitest';
import {
  agentNodeId,
  anchorShift,
  COMPACT_HEAD_PX,
  compactHeadScale,
  compactRoomAt,
  headerRoomOf,
  READABLE_ZOOM,
  layoutFleet,
  TEAM_HEADER,
  teamNodeId,
  viewForNode,
  type FleetLayout,
} from '../src/index';
import { idOf, realFleet } from './real-fleet';

const TEAMS = ['web', 'api', 'data', 'infra', 'ml', 'docs'];

/** The 60-agent fleet of the screenshots: six teams of ten, one of them with a sub-team. */
async function sixtyAgents() {
  return realFleet({
    teams: [...TEAMS.map((name) => ({ name })), { name: 'web-ui', parent: 'web' }],
    agents: TEAMS.flatMap((team) =>
      Array.from({ length: 10 }, (_, i) => ({
        name: `${team}-${i + 1}`,
        team: i === 9 && team === 'web' ? 'web-ui' : team,
      })),
    ),
  });
}

const teamBoxes = (layout: FleetLayout) =>
  Object.entries(layout.boxes).filter(([id]) => id.startsWith('team:'));
const agentBoxes = (layout: FleetLayout) =>
  Object.entries(layout.boxes).filter(([id]) => id.startsWith('agent:'));

describe('the compact layout (semantic zoom): room for each team header and totals at a readable size', () => {
  it("reserves the band's room above every team's cards, and no team's header room holds any card", async () => {
    const { state } = await sixtyAgents();
    const room = compactRoomAt(0.36)!;
    expect(room).toBe(256);
    const layout = await layoutFleet(state, { headerRoom: room });
    expect(headerRoomOf(layout)).toBe(room);
    for (const [teamId, team] of teamBoxes(layout)) {
      const head = {
        x: team.absoluteX,
        y: team.absoluteY,
        right: team.absoluteX + team.width,
        bottom: team.absoluteY + room,
      };
      for (const [agentId, card] of agentBoxes(layout)) {
        const apart =
          head.right <= card.absoluteX ||
          card.absoluteX + card.width <= head.x ||
          head.bottom <= card.absoluteY ||
          card.absoluteY + card.height <= head.y;
        expect(apart, `${teamId}'s header room holds ${agentId}`).toBe(true);
      }
    }
    // The full layout keeps the small header (cards are read at zoom ≥ 0.55 there).
    const full = await layoutFleet(state);
    expect(full.headerRoom).toBeUndefined();
    expect(headerRoomOf(full)).toBe(TEAM_HEADER);
    const first = (l: FleetLayout) => l.boxes[agentNodeId(idOf(state, 'web-1'))]!.y;
    expect(first(layout)).toBe(room);
    expect(first(full)).toBe(TEAM_HEADER);
  });

  it('at every compact zoom: header and totals at their full screen size, inside the room of that zoom', () => {
    expect(compactRoomAt(READABLE_ZOOM)).toBeNull();
    expect(compactRoomAt(1)).toBeNull();
    for (let zoom = 0.1; zoom < READABLE_ZOOM; zoom += 0.005) {
      const room = compactRoomAt(zoom)!;
      const scale = compactHeadScale(zoom, room);
      // In chart units the scaled header and totals fit the room…
      expect(COMPACT_HEAD_PX * scale).toBeLessThanOrEqual(room + 1e-9);
      // …and on screen they are their natural size (1/zoom undoes the chart's zoom).
      expect(scale * zoom).toBeCloseTo(1, 9);
    }
    // A layout made for a higher zoom, seen lower (until the new one arrives): smaller, still inside.
    expect(COMPACT_HEAD_PX * compactHeadScale(0.2, compactRoomAt(0.5)!)).toBeLessThanOrEqual(160);
  });
});

describe('viewForNode: zooming to an agent shows it with its team', () => {
  it("centres the whole team when it fits, else shows the team's top left as far as the card stays in view", async () => {
    const { state } = await sixtyAgents();
    const layout = await layoutFleet(state);
    const data = layout.boxes[teamNodeId(idOf(state, 'data'))]!;
    const card = layout.boxes[agentNodeId(idOf(state, 'data-10'))]!;
    // 1620×880 at zoom 1: the team (three columns, four rows) fits, so it is centred.
    expect(viewForNode(layout, agentNodeId(idOf(state, 'data-10')), { width: 1620, height: 880 }, 1)).toEqual(
      {
        x: data.absoluteX + data.width / 2,
        y: data.absoluteY + data.height / 2,
      },
    );
    // 400×300 at zoom 1: the team does not fit. The card is in view, and the view starts as near the team's
    // top left as that allows.
    const small = viewForNode(layout, agentNodeId(idOf(state, 'data-10')), { width: 400, height: 300 }, 1)!;
    const left = small.x - 200;
    const top = small.y - 150;
    expect(left).toBeLessThanOrEqual(card.absoluteX);
    expect(left + 400).toBeGreaterThanOrEqual(card.absoluteX + card.width);
    expect(top).toBeLessThanOrEqual(card.absoluteY);
    expect(top + 300).toBeGreaterThanOrEqual(card.absoluteY + card.height);
    // data-1 is the team's first card: its header is in view too.
    const firstCard = viewForNode(
      layout,
      agentNodeId(idOf(state, 'data-1')),
      { width: 400, height: 300 },
      1,
    )!;
    expect(firstCard.x - 200).toBeLessThanOrEqual(data.absoluteX);
    expect(firstCard.y - 150).toBeLessThanOrEqual(data.absoluteY);
    expect(viewForNode(layout, 'agent:nobody', { width: 400, height: 300 }, 1)).toBeNull();
  });
});

describe('anchorShift: switching between full and compact layouts keeps what is in the middle of the view', () => {
  it("moves by the nearest agent's move", async () => {
    const { state } = await sixtyAgents();
    const full = await layoutFleet(state);
    const compact = await layoutFleet(state, { headerRoom: compactRoomAt(0.3) });
    const id = agentNodeId(idOf(state, 'ml-5'));
    const before = full.boxes[id]!;
    const after = compact.boxes[id]!;
    const middle = { x: before.absoluteX + 10, y: before.absoluteY + 10 };
    expect(anchorShift(full, compact, middle)).toEqual({
      dx: after.absoluteX - before.absoluteX,
      dy: after.absoluteY - before.absoluteY,
    });
    // ml sits below at least one row of teams: the compact layout moved it down.
    expect(after.absoluteY).toBeGreaterThan(before.absoluteY);
    expect(anchorShift({ boxes: {}, width: 0, height: 0 }, compact, middle)).toEqual({ dx: 0, dy: 0 });
  });
});
