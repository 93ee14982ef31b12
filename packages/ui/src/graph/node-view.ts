import type { FleetLayout, LayoutBox } from './fleet-layout';

/** Room kept around what a view frames, in chart units. */
const MARGIN = 24;

export interface Size {
  width: number;
  height: number;
}

/**
 * Where to centre the chart to show `nodeId` at `zoom` on a canvas of `canvas` pixels: an agent is shown
 * with its team — the whole team, header included, when it fits; otherwise as much of the team's top left
 * (its header, its first cards) as keeps the card itself in view. Any other node is centred. Pure; null
 * when the layout has not placed the node.
 */
export function viewForNode(
  layout: FleetLayout,
  nodeId: string,
  canvas: Size,
  zoom: number,
): { x: number; y: number } | null {
  const box = layout.boxes[nodeId];
  if (!box) return null;
  const team = box.parent ? layout.boxes[box.parent] : undefined;
  if (!team || !nodeId.startsWith('agent:')) return centreOf(box);
  const visibleWidth = canvas.width / zoom;
  const visibleHeight = canvas.height / zoom;
  return {
    x: axisCentre(team.absoluteX, team.width, box.absoluteX, box.width, visibleWidth),
    y: axisCentre(team.absoluteY, team.height, box.absoluteY, box.height, visibleHeight),
  };
}

/** Along one axis: the team centred if it fits, else its start as far as the card stays in view. */
function axisCentre(
  teamStart: number,
  teamSize: number,
  start: number,
  size: number,
  visible: number,
): number {
  if (teamSize + 2 * MARGIN <= visible) return teamStart + teamSize / 2;
  const earliest = start + size + MARGIN - visible;
  const latest = start - MARGIN;
  const from = Math.min(Math.max(teamStart - MARGIN, earliest), latest);
  return from + visible / 2;
}

function centreOf(box: LayoutBox): { x: number; y: number } {
  return { x: box.absoluteX + box.width / 2, y: box.absoluteY + box.height / 2 };
}

/**
 * How far the chart point `point` moved between two layouts of the same fleet (full cards ↔ the compact
 * view, whose teams reserve more room above their cards): the move of the agent nearest to it. The view
 * shifts by this so what was under the point stays there. Pure; zero when no agent is in both.
 */
export function anchorShift(
  before: FleetLayout,
  after: FleetLayout,
  point: { x: number; y: number },
): { dx: number; dy: number } {
  let nearest: { id: string; distance: number } | null = null;
  for (const [id, box] of Object.entries(before.boxes)) {
    if (!id.startsWith('agent:') || !after.boxes[id]) continue;
    const centre = centreOf(box);
    const distance = Math.hypot(centre.x - point.x, centre.y - point.y);
    if (!nearest || distance < nearest.distance) nearest = { id, distance };
  }
  if (!nearest) return { dx: 0, dy: 0 };
  const from = before.boxes[nearest.id]!;
  const to = after.boxes[nearest.id]!;
  return { dx: to.absoluteX - from.absoluteX, dy: to.absoluteY - from.absoluteY };
}
