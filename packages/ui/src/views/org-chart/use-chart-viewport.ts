import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { getViewportForBounds, useReactFlow, type XYPosition } from '@xyflow/react';
import type { FleetLayout } from '../../graph/fleet-layout';
import { anchorShift, viewForNode } from '../../graph/node-view';
import { clearOfOverlays, type CanvasBox } from '../../graph/clear-of-overlays';
import type { FlowNode } from '../../graph/to-flow';

import { READABLE_ZOOM } from '../../graph/compact-room';

export { READABLE_ZOOM };
import { FIT_PADDING, MAX_FIT_ZOOM, MIN_ZOOM } from '../../graph/fitted-layout';

export { MIN_ZOOM };

export interface ChartViewport {
  /** Fits the whole chart, from the layout's own bounds (works before React Flow has measured a node). */
  fitAll(duration?: number): void;
  /** The person took over the viewport (pan, zoom, drag, jump): the chart stops re-fitting by itself. */
  takeOver(): void;
  /** Centres a chart point, zooming in to a readable size if needed (minimap clicks). */
  jumpTo(point: XYPosition): void;
  /** Shows one node at a readable size: an agent with its team (see viewForNode). */
  zoomToNode(nodeId: string): void;
}

/** The minimap and the zoom buttons on the canvas (8 px around each), in canvas pixels; none that is hidden. */
function overlaysOf(canvas: HTMLElement): CanvasBox[] {
  const origin = canvas.getBoundingClientRect();
  return [...canvas.querySelectorAll('.react-flow__minimap, .react-flow__controls')].flatMap((overlay) => {
    const box = overlay.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return [];
    return [
      { x: box.x - origin.x - 8, y: box.y - origin.y - 8, width: box.width + 16, height: box.height + 16 },
    ];
  });
}

/**
 * The org chart's viewport. It keeps the whole fleet in view as the layout changes, until the person pans,
 * zooms, drags or jumps; after that a layout change (a drop, a spawn) leaves the zoom where they put it.
 * When the layout switches between full cards and the compact view, or between the compact view's bands, what was
 * in the middle of the view stays there — or the node just zoomed to stays framed.
 */
export function useChartViewport(
  layout: FleetLayout,
  canvas: RefObject<HTMLElement | null>,
  userMoved: RefObject<boolean>,
): ChartViewport {
  const flowApi = useReactFlow<FlowNode>();
  /** The node zoomToNode framed, until the person moves the view themselves. */
  const framed = useRef<{ nodeId: string; zoom: number } | null>(null);
  const previous = useRef(layout);

  const fitAll = useCallback(
    (duration = 0) => {
      const element = canvas.current;
      if (!element || layout.width === 0) return;
      const bounds = { x: 0, y: 0, width: layout.width, height: layout.height };
      const canvasSize = { width: element.clientWidth, height: element.clientHeight };
      const fitted = getViewportForBounds(
        bounds,
        canvasSize.width,
        canvasSize.height,
        MIN_ZOOM,
        MAX_FIT_ZOOM,
        FIT_PADDING,
      );
      // Beside the minimap and the zoom buttons when there is room, not under them.
      const viewport = clearOfOverlays(fitted, layout, canvasSize, overlaysOf(element));
      void flowApi.setViewport(viewport, { duration });
    },
    [flowApi, layout, canvas],
  );

  useEffect(() => {
    const before = previous.current;
    previous.current = layout;
    if (layout.width === 0) return;
    if (!userMoved.current) {
      const frame = requestAnimationFrame(() => fitAll());
      return () => cancelAnimationFrame(frame);
    }
    const element = canvas.current;
    if (!element || before.headerRoom === layout.headerRoom) return;
    const size = { width: element.clientWidth, height: element.clientHeight };
    const target = framed.current && viewForNode(layout, framed.current.nodeId, size, framed.current.zoom);
    if (framed.current && target) {
      void flowApi.setCenter(target.x, target.y, { zoom: framed.current.zoom });
      return;
    }
    const { x, y, zoom } = flowApi.getViewport();
    const middle = { x: (size.width / 2 - x) / zoom, y: (size.height / 2 - y) / zoom };
    const { dx, dy } = anchorShift(before, layout, middle);
    if (dx !== 0 || dy !== 0) void flowApi.setViewport({ x: x - dx * zoom, y: y - dy * zoom, zoom });
  }, [layout, fitAll, flowApi, canvas]);

  // The window (or the room beside the chart) grew or shrank: fit again, as for a layout change, unless the person
  // moved the view. Without this a smaller window left the fleet half outside the canvas until "Zoom to fit".
  useEffect(() => {
    const element = canvas.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let size = `${element.clientWidth}x${element.clientHeight}`;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      const now = `${element.clientWidth}x${element.clientHeight}`;
      if (now === size) return;
      size = now;
      if (userMoved.current || element.clientWidth === 0 || element.clientHeight === 0) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fitAll());
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [canvas, fitAll, userMoved]);

  const takeOver = useCallback(() => {
    userMoved.current = true;
    framed.current = null;
  }, []);

  const jumpTo = useCallback(
    (point: XYPosition) => {
      userMoved.current = true;
      framed.current = null;
      void flowApi.setCenter(point.x, point.y, {
        zoom: Math.max(flowApi.getZoom(), READABLE_ZOOM),
        duration: 200,
      });
    },
    [flowApi],
  );

  const zoomToNode = useCallback(
    (nodeId: string) => {
      const element = canvas.current;
      if (!element) return;
      const zoom = Math.max(flowApi.getZoom(), 1);
      const size = { width: element.clientWidth, height: element.clientHeight };
      const target = viewForNode(layout, nodeId, size, zoom);
      if (!target) return;
      userMoved.current = true;
      framed.current = { nodeId, zoom };
      void flowApi.setCenter(target.x, target.y, { zoom, duration: 250 });
    },
    [flowApi, layout, canvas],
  );

  return {
    fitAll: useCallback(
      (duration?: number) => {
        userMoved.current = false;
        framed.current = null;
        fitAll(duration);
      },
      [fitAll],
    ),
    takeOver,
    jumpTo,
    zoomToNode,
  };
}
