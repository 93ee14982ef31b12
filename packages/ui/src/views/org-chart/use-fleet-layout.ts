import { useEffect, useMemo, useRef, useState } from 'react';
import { emptyLayout, layoutFleet, type FleetLayout } from '../../graph/fleet-layout';
import { layoutKey } from '../../graph/layout-key';
import type { FleetState } from '../../store/fleet-state';

/** The ELK layout of `fleet`, recomputed (off the render path) whenever its structure changes. */
export function useFleetLayout(fleet: FleetState): FleetLayout {
  const [layout, setLayout] = useState<FleetLayout>(emptyLayout);
  const key = useMemo(() => layoutKey(fleet), [fleet]);
  const latest = useRef(fleet);
  latest.current = fleet;
  useEffect(() => {
    let current = true;
    void layoutFleet(latest.current).then((next) => {
      if (current) setLayout(next);
    });
    return () => {
      current = false;
    };
  }, [key]);
  return layout;
}
