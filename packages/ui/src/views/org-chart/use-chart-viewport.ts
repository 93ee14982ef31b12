import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { getViewportForBounds, useReactFlow, type XYPosition } from '@xyflow/react';
import type { FleetLayout } from '../../graph/fleet-layout';
import type { FlowNode } from '../../graph/to-flow';

/** Below this zoom a card's text is too small to read: the chart switches to its compact view (semantic zoom). */
export const READABLE_ZOOM = 0.55;
export const MIN_ZOOM = 0.1;
const MAX_FIT_ZOOM = 1;
const FIT_PADDING = 0.08;

export interface ChartViewport {
  /** Fits the whole chart, from the layout's own bounds (works before React Flow has measured a node). */
  fitAll(duration?: number): void;
  /** The person took over the viewport (pan, zoom, drag, jump): the chart stops re-fitting by itself. */
  takeOver(): void;
  /** Centres a chart point, zooming in to a readable size if needed (minimap clicks). */
  jumpTo(point: XYPosition): void;
  /** Centres one node at a readable size. */
  zoomToNode(nodeId: string): void;
}

/**
 * The org chart's viewport. It keeps the whole fleet in view as the layout changes, until the person pans,
 * zooms, drags or jumps; after that a layout change (a drop, a spawn) leaves the zoom where they put it.
 */
export function useChartViewport(layout: FleetLayout, canvas: RefObject<HTMLElement | null>): ChartViewport {
  const flowApi = useReactFlow<FlowNode>();
  const userMoved = useRef(false);

  const fitAll = useCallback(
    (duration = 0) => {
      const element = canvas.current;
      if (!element || layout.width === 0) return;
      const bounds = { x: 0, y: 0, width: layout.width, height: layout.height };
      const viewport = getViewportForBounds(
        bounds,
        element.clientWidth,
        element.clientHeight,
        MIN_ZOOM,
        MAX_FIT_ZOOM,
        FIT_PADDING,
      );
      void flowApi.setViewport(viewport, { duration });
    },
    [flowApi, layout, canvas],
  );

  useEffect(() => {
    if (userMoved.current || layout.width === 0) return;
    const frame = requestAnimationFrame(() => fitAll());
    return () => cancelAnimationFrame(frame);
  }, [layout, fitAll]);

  const takeOver = useCallback(() => {
    userMoved.current = true;
  }, []);

  const jumpTo = useCallback(
    (point: XYPosition) => {
      userMoved.current = true;
      void flowApi.setCenter(point.x, point.y, {
        zoom: Math.max(flowApi.getZoom(), READABLE_ZOOM),
        duration: 200,
      });
    },
    [flowApi],
  );

  const zoomToNode = useCallback(
    (nodeId: string) => {
      userMoved.current = true;
      const box = layout.boxes[nodeId];
      if (!box) return;
      void flowApi.setCenter(box.absoluteX + box.width / 2, box.absoluteY + box.height / 2, {
        zoom: Math.max(flowApi.getZoom(), 1),
        duration: 250,
      });
    },
    [flowApi, layout],
  );

  return {
    fitAll: useCallback(
      (duration?: number) => {
        userMoved.current = false;
        fitAll(duration);
      },
      [fitAll],
    ),
    takeOver,
    jumpTo,
    zoomToNode,
  };
}
