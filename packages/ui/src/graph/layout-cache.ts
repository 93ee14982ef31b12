import type { FleetLayout } from './fleet-layout';

const STORAGE_KEY = 'switchboard.fleetLayout';
/** Larger layouts are not kept (200 agents take ~30 kB). */
const MAX_CACHED_CHARS = 500_000;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The layout last computed for a fleet whose structure has this key, if it is the one kept. */
export function readCachedLayout(storage: Storage | undefined, key: string): FleetLayout | undefined {
  try {
    const kept = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as {
      key?: unknown;
      layout?: FleetLayout;
    } | null;
    if (!kept || kept.key !== key || !isLayout(kept.layout)) return undefined;
    return kept.layout;
  } catch {
    // Swallowed on purpose: an unreadable cache only means the chart waits for a fresh layout.
    return undefined;
  }
}

/** Whether any layout is kept (for whatever fleet): a page load without one will need elkjs. */
export function hasCachedLayout(storage: Storage | undefined): boolean {
  try {
    return Boolean(storage?.getItem(STORAGE_KEY));
  } catch {
    // Swallowed on purpose: storage that cannot be read keeps nothing.
    return false;
  }
}

/** Keeps one layout (the latest); a full or unavailable storage keeps nothing. */
export function writeCachedLayout(storage: Storage | undefined, key: string, layout: FleetLayout): void {
  const text = JSON.stringify({ key, layout });
  try {
    if (text.length > MAX_CACHED_CHARS) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, text);
  } catch {
    // Swallowed on purpose: a storage quota error costs only the next page load's head start.
  }
}

function isLayout(value: unknown): value is FleetLayout {
  if (typeof value !== 'object' || value === null) return false;
  const { boxes, width, height } = value as Partial<FleetLayout>;
  return (
    typeof boxes === 'object' && boxes !== null && typeof width === 'number' && typeof height === 'number'
  );
}
