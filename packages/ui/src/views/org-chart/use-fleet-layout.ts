import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { emptyLayout, layoutFleet, type FleetLayout } from '../../graph/fleet-layout';
import { estimatedRoom, fitsItsBand, layoutForFit, type CanvasSize } from '../../graph/fitted-layout';
import { layoutKey } from '../../graph/layout-key';
import type { FleetState } from '../../store/fleet-state';

const modeKey = (headerRoom: number | null | undefined, key: string) => `${headerRoom ?? 'full'}|${key}`;

/** Where the chart is drawn, and whether it still fits itself to it (until the person moves the view). */
export interface ChartFit {
  canvas: RefObject<HTMLElement | null>;
  userMoved: RefObject<boolean>;
}

/** The canvas size while the chart fits itself to it; undefined once the person moved the view (or before it is drawn). */
function fittingInto(fit: ChartFit | undefined): CanvasSize | undefined {
  const element = fit?.canvas.current;
  if (!element || fit.userMoved.current || element.clientWidth === 0 || element.clientHeight === 0)
    return undefined;
  return { width: element.clientWidth, height: element.clientHeight };
}

/**
 * The layout of `fleet`, recomputed whenever its structure changes, or the view switches between full cards and
 * the compact view (`headerRoom`, compactRoomAt: below a readable zoom each team needs more room for its header
 * and totals, the more the lower the zoom). While the chart fits itself to the canvas (`fit`), the band is the
 * one the layout's own fit lands in (layoutForFit), not the zoom of the moment: the chart is drawn once, not
 * drawn, fitted into another band and laid out again. Laying out 200 agents takes well under a millisecond
 * (box-packing.ts), so it runs before the browser paints: the first frame with the data shows the chart.
 */
export function useFleetLayout(fleet: FleetState, headerRoom: number | null, fit?: ChartFit): FleetLayout {
  const structure = useMemo(() => layoutKey(fleet), [fleet]);
  const key = modeKey(headerRoom, structure);
  const [layout, setLayout] = useState<FleetLayout>(emptyLayout);
  const latest = useRef(fleet);
  latest.current = fleet;
  const shownLayout = useRef(layout);
  const shown = useRef<string | null>(null);
  const fitRef = useRef(fit);
  fitRef.current = fit;
  useLayoutEffect(() => {
    const size = fittingInto(fitRef.current);
    const shownFits = size && fitsItsBand(shownLayout.current, size);
    if (shown.current === key || (shownFits && shown.current?.endsWith(`|${structure}`))) return;
    const laidOut = size
      ? layoutForFit(latest.current, size, estimatedRoom(latest.current, size)).layout
      : layoutFleet(latest.current, { headerRoom });
    shown.current = modeKey(laidOut.headerRoom, structure);
    shownLayout.current = laidOut;
    setLayout(laidOut);
  }, [key, structure, headerRoom]);
  return layout;
}
