import { useEffect, useMemo, useRef, useState } from 'react';
import { emptyLayout, layoutFleet, type FleetLayout } from '../../graph/fleet-layout';
import { layoutKey } from '../../graph/layout-key';
import { readCachedLayout, writeCachedLayout } from '../../graph/layout-cache';
import type { FleetState } from '../../store/fleet-state';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);
const modeKey = (headerRoom: number | null | undefined, key: string) => `${headerRoom ?? 'full'}|${key}`;

/**
 * The ELK layout of `fleet`, recomputed (off the render path) whenever its structure changes, or the view
 * switches between full cards and the compact view (`headerRoom`, compactRoomAt: below a readable zoom each
 * team needs more room for its header and totals, the more the lower the zoom). The last layout is kept in localStorage: a page load whose fleet has
 * the same structure draws the chart from it at once (in whichever view it was kept), before elkjs has even
 * loaded (issue 21 item 5).
 */
export function useFleetLayout(fleet: FleetState, headerRoom: number | null): FleetLayout {
  const structure = useMemo(() => layoutKey(fleet), [fleet]);
  const key = modeKey(headerRoom, structure);
  // Read once, on mount (not on every render: the kept layout can be ~30 kB of JSON).
  const [kept] = useState(() => readCachedLayout(storage(), structure));
  const [layout, setLayout] = useState<FleetLayout>(kept ?? emptyLayout);
  const latest = useRef(fleet);
  latest.current = fleet;
  const shown = useRef<string | null>(kept ? modeKey(kept.headerRoom, structure) : null);
  useEffect(() => {
    if (shown.current === key) return;
    let current = true;
    void layoutFleet(latest.current, { headerRoom }).then((next) => {
      if (!current) return;
      shown.current = key;
      setLayout(next);
      writeCachedLayout(storage(), structure, next);
    });
    return () => {
      current = false;
    };
  }, [key, structure, headerRoom]);
  return layout;
}
