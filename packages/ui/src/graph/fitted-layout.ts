import { getViewportForBounds } from '@xyflow/react';
import type { FleetState } from '../store/fleet-state';
import { compactRoomAt } from './compact-room';
import {
  AGENT_HEIGHT,
  AGENT_WIDTH,
  agentsOf,
  layoutFleet,
  TEAM_HEADER,
  type FleetLayout,
  type LayoutOptions,
} from './fleet-layout';

export const MIN_ZOOM = 0.1;
export const MAX_FIT_ZOOM = 1;
export const FIT_PADDING = 0.08;

export interface CanvasSize {
  width: number;
  height: number;
}

/** The zoom "fit the whole chart" gives `layout` on a canvas of `size` (what the chart's auto-fit sets). Pure. */
export function fitZoomOf(layout: FleetLayout, size: CanvasSize): number {
  const bounds = { x: 0, y: 0, width: layout.width, height: layout.height };
  return getViewportForBounds(bounds, size.width, size.height, MIN_ZOOM, MAX_FIT_ZOOM, FIT_PADDING).zoom;
}

/** Whether a fitted `layout` is drawn at the zoom band it was laid out for (nothing to lay out again). Pure. */
export const fitsItsBand = (layout: FleetLayout, size: CanvasSize): boolean =>
  compactRoomAt(fitZoomOf(layout, size)) === (layout.headerRoom ?? null);

const CANDIDATE_ROOMS = [null, ...[0.4, 0.25, 0.16, 0.1].map((floor) => compactRoomAt(floor))];

/** The layout's box packing, roughly (box-packing.ts, without its sort): rows up to sqrt(area × aspect ratio) wide, the boxes in order. */
function packed(boxes: readonly CanvasSize[], aspectRatio: number, spacing: number): CanvasSize {
  const area = boxes.reduce((sum, box) => sum + box.width * box.height, 0);
  const target = Math.sqrt(area * aspectRatio);
  let width = 0;
  let height = 0;
  let rowWidth = 0;
  let rowHeight = 0;
  for (const box of boxes) {
    if (rowWidth > 0 && rowWidth + spacing + box.width > target) {
      height += rowHeight + spacing;
      rowWidth = 0;
      rowHeight = 0;
    }
    rowWidth += (rowWidth > 0 ? spacing : 0) + box.width;
    rowHeight = Math.max(rowHeight, box.height);
    width = Math.max(width, rowWidth);
  }
  return { width, height: height + rowHeight };
}

/**
 * A quick guess of the room the fitted chart will need (compactRoomAt of its fitted zoom): each team's
 * cards and the teams packed the way the layout packs them (sub-teams counted as teams of the top level); the
 * first room whose estimated fit lands in its own band. Pure; layoutForFit checks it against the real layout.
 */
export function estimatedRoom(state: FleetState, size: CanvasSize): number | null {
  const card = { width: AGENT_WIDTH, height: AGENT_HEIGHT };
  const counts = [...Object.keys(state.teams), null]
    .map((id) => agentsOf(state, id).length)
    .filter((count, index, all) => count > 0 || index < all.length - 1);
  for (const room of CANDIDATE_ROOMS) {
    const header = room ?? TEAM_HEADER;
    const teams = counts.map((count) => {
      const cards = packed(Array<CanvasSize>(count).fill(card), 2.2, 16);
      return {
        width: Math.max(cards.width, AGENT_WIDTH) + 32,
        height: Math.max(cards.height, 72) + header + 16,
      };
    });
    const chart = packed(teams, 1.8, 32);
    const estimate = { boxes: {}, width: chart.width + 32, height: chart.height + 32 };
    if (compactRoomAt(fitZoomOf(estimate, size)) === room) return room;
  }
  return compactRoomAt(MIN_ZOOM);
}

type LayoutWith = (state: FleetState, options: LayoutOptions) => FleetLayout;

/**
 * The layout the auto-fitted chart shows: laid out for the zoom band its own fit lands in, so fitting it does
 * not switch bands and lay the chart out a second time (the chart used to be drawn with full cards, fitted into
 * the compact view, laid out again and jump; a drag started in between was judged against the other layout).
 * Starts from `guess` (estimatedRoom, or the band shown), at most three passes; a fleet whose fit sits on a
 * band's edge keeps the last one.
 */
export function layoutForFit(
  state: FleetState,
  size: CanvasSize,
  guess: number | null,
  layoutWith: LayoutWith = layoutFleet,
): { layout: FleetLayout; passes: number } {
  let room = guess;
  let passes = 0;
  for (;;) {
    const layout = layoutWith(state, { headerRoom: room });
    passes += 1;
    const fitted = compactRoomAt(fitZoomOf(layout, size));
    if (fitted === room || passes === 3) return { layout, passes };
    room = fitted;
  }
}
