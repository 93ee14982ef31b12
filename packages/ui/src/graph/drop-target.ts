import type { FleetState } from '../store/fleet-state';
import { agentsOf, type FleetLayout } from './fleet-layout';
import { agentNodeId, teamIdOf } from './node-ids';

export interface Point {
  x: number;
  y: number;
}

/** The innermost team group under a point (absolute chart coordinates), or null over empty canvas. */
export function teamAt(layout: FleetLayout, point: Point): string | null {
  let best: { id: string; area: number } | null = null;
  for (const [id, box] of Object.entries(layout.boxes)) {
    if (teamIdOf(id) === undefined) continue;
    const inside =
      point.x >= box.absoluteX &&
      point.x <= box.absoluteX + box.width &&
      point.y >= box.absoluteY &&
      point.y <= box.absoluteY + box.height;
    const area = box.width * box.height;
    if (inside && (!best || area < best.area)) best = { id, area };
  }
  return best?.id ?? null;
}

export type DropPlan =
  | { kind: 'move'; agentIds: string[]; teamId: string | null; position: number }
  | { kind: 'none' }
  | { kind: 'refused'; reason: string };

export const DROP_REFUSED = 'Drop agents onto a highlighted team.';

/**
 * What letting go means. `lit` is the target that was highlighted while dragging (a team node id, or
 * the "no team" group's id), null when none was: then nothing moves, whatever lies under the pointer.
 * `point` (chart coordinates) decides the place among the team's agents (reading order: rows top to
 * bottom, left to right); without one (the "No team" drop zone) they go last. Dropping where they
 * already are is nothing. Pure.
 */
export function planDrop(
  state: FleetState,
  layout: FleetLayout,
  agentIds: string[],
  lit: string | null,
  point: Point | null,
): DropPlan {
  const teamId = lit === null ? undefined : teamIdOf(lit);
  if (teamId === undefined) return { kind: 'refused', reason: DROP_REFUSED };
  const moving = new Set(agentIds);
  const others = agentsOf(state, teamId).filter((agent) => !moving.has(agent.id));
  let position = point ? 0 : others.length;
  // Agents hidden by a search have no box; the drop goes right after the last placed agent before the point.
  if (point) {
    others.forEach((agent, index) => {
      const box = layout.boxes[agentNodeId(agent.id)];
      if (!box) return;
      const centerY = box.absoluteY + box.height / 2;
      const sameRow = Math.abs(centerY - point.y) <= box.height / 2;
      if (centerY < point.y - box.height / 2 || (sameRow && box.absoluteX + box.width / 2 < point.x))
        position = index + 1;
    });
  }
  const current = agentsOf(state, teamId).map((agent) => agent.id);
  const unchanged = agentIds.every((id, i) => current.indexOf(id) === position + i) && agentIds.length > 0;
  if (unchanged) return { kind: 'none' };
  return { kind: 'move', agentIds, teamId, position };
}
