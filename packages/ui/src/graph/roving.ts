import { headerRoomOf, type FleetLayout } from './fleet-layout';

export type Direction = 'up' | 'down' | 'left' | 'right';

interface Spot {
  id: string;
  x: number;
  y: number;
}

/** Where each focusable node sits (its centre; a team by its header strip), in reading order. Pure. */
export function rovingSpots(layout: FleetLayout, ids: readonly string[]): Spot[] {
  const spots: Spot[] = [];
  const header = headerRoomOf(layout);
  for (const id of ids) {
    const box = layout.boxes[id];
    if (!box) continue;
    const height = id.startsWith('team:') ? Math.min(header, box.height) : box.height;
    spots.push({ id, x: box.absoluteX + box.width / 2, y: box.absoluteY + height / 2 });
  }
  return spots.sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * The node an arrow key goes to from `current`: the nearest one in that direction, straight lines
 * preferred (the sideways distance counts double); null when there is none. Pure.
 */
export function nextInDirection(
  spots: readonly Spot[],
  current: string,
  direction: Direction,
): string | null {
  const from = spots.find((s) => s.id === current);
  if (!from) return spots[0]?.id ?? null;
  let best: { id: string; score: number } | null = null;
  for (const spot of spots) {
    if (spot.id === current) continue;
    const dx = spot.x - from.x;
    const dy = spot.y - from.y;
    const [ahead, aside] =
      direction === 'left'
        ? [-dx, dy]
        : direction === 'right'
          ? [dx, dy]
          : direction === 'up'
            ? [-dy, dx]
            : [dy, dx];
    if (ahead <= 1) continue;
    const score = ahead + 2 * Math.abs(aside);
    if (!best || score < best.score) best = { id: spot.id, score };
  }
  return best?.id ?? null;
}
