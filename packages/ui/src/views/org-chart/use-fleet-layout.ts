import { useEffect, useMemo, useRef, useState } from 'react';
import { emptyLayout, layoutFleet, type FleetLayout } from '../../graph/fleet-layout';
import { layoutKey } from '../../graph/layout-key';
import { readCachedLayout, writeCachedLayout } from '../../graph/layout-cache';
import type { FleetState } from '../../store/fleet-state';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

/**
 * The ELK layout of `fleet`, recomputed (off the render path) whenever its structure changes. The last
 * layout is kept in localStorage: a page load whose fleet has the same structure draws the chart from it at
 * once, before elkjs has even loaded (issue 21 item 5).
 */
export function useFleetLayout(fleet: FleetState): FleetLayout {
  const key = useMemo(() => layoutKey(fleet), [fleet]);
  // Read once, on mount (not on every render: the kept layout can be ~30 kB of JSON).
  const [kept] = useState(() => readCachedLayout(storage(), key));
  const [layout, setLayout] = useState<FleetLayout>(kept ?? emptyLayout);
  const latest = useRef(fleet);
  latest.current = fleet;
  const shown = useRef<string | null>(kept ? key : null);
  useEffect(() => {
    if (shown.current === key) return;
    let current = true;
    void layoutFleet(latest.current).then((next) => {
      if (!current) return;
      shown.current = key;
      setLayout(next);
      writeCachedLayout(storage(), key, next);
    });
    return () => {
      current = false;
    };
  }, [key]);
  return layout;
}
