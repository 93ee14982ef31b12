/**
 * The performance mark set each time a fleet snapshot (with its lists) has arrived, before it is drawn: where
 * "first render after the data" starts (bench/ui-render.ts, whose bare page sets it too; test/e2e/ui-load.spec.ts).
 */
export const FLEET_LOADED_MARK = 'switchboard:fleet-loaded';

/** Sets the mark, replacing an earlier one (a page that refreshes for days keeps one entry, not one per refresh). */
export function markFleetLoaded(): void {
  performance.clearMarks(FLEET_LOADED_MARK);
  performance.mark(FLEET_LOADED_MARK);
}
