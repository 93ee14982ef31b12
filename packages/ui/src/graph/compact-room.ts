/** Below this zoom a card's text is too small to read: the chart switches to its compact view (semantic zoom). */
export const READABLE_ZOOM = 0.55;

/**
 * What a compact team (state dots) shows above its cards at a readable size on screen, in CSS pixels: the
 * header (40) and the totals line (24). Kept in step with org-chart.css (`.team-node.compact`).
 */
export const COMPACT_HEAD_PX = 64;

/**
 * The compact view's zoom bands, by their lowest zoom. Within a band the layout reserves room enough for the
 * header and totals at their full screen size at its lowest zoom (COMPACT_HEAD_PX / floor chart units: 160,
 * 256, 400, 640), so they are readable and never reach into a card; a zoom into another band lays the chart
 * out again. The last floor is the chart's minimum zoom.
 */
const BAND_FLOORS = [0.4, 0.25, 0.16, 0.1] as const;
const MIN_FLOOR = 0.1;

/** The room above each team's cards the layout for `zoom` reserves: null for full cards (the 48-unit header). Pure. */
export function compactRoomAt(zoom: number): number | null {
  if (zoom >= READABLE_ZOOM) return null;
  const floor = BAND_FLOORS.find((f) => zoom >= f) ?? MIN_FLOOR;
  return Math.ceil(COMPACT_HEAD_PX / floor);
}

/** How much a compact team's header and totals are scaled at `zoom`: readable on screen, inside `room`. Pure. */
export function compactHeadScale(zoom: number, room: number): number {
  return Math.min(1 / Math.max(zoom, 0.01), room / COMPACT_HEAD_PX);
}
