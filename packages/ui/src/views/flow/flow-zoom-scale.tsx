import { useEffect } from 'react';
import { useStore } from '@xyflow/react';

/** Below this zoom a node's name would need more than its box's height to stay readable: only its icon shows. */
export const FLOW_LABEL_ZOOM = 0.32;
/** Below this zoom an edge's count (11 px in the graph) would be under 7 px on screen: shown on hover or focus. */
export const FLOW_COUNT_ZOOM = 0.6;

/**
 * Keeps the graph's words readable at any zoom (flow.css): the zoom, in steps of 0.02, as `--flow-zoom` on the
 * graph, so names and team titles are drawn no smaller than 10 px on screen (they grow in the graph as it zooms
 * out, inside their boxes); below FLOW_COUNT_ZOOM edge counts wait for hover or focus (`flow-counts-far`), below
 * FLOW_LABEL_ZOOM names are left to their tooltips (`flow-labels-far`). Session 26 saw 6 px names at 60 agents.
 */
export function FlowZoomScale() {
  const zoom = useStore((s) => Math.round(s.transform[2] * 50) / 50);
  const graph = useStore((s) => s.domNode);
  useEffect(() => {
    if (!graph) return;
    graph.style.setProperty('--flow-zoom', String(Math.max(zoom, 0.02)));
    graph.classList.toggle('flow-counts-far', zoom < FLOW_COUNT_ZOOM);
    graph.classList.toggle('flow-labels-far', zoom < FLOW_LABEL_ZOOM);
    graph.dataset['zoom'] = String(zoom);
  }, [graph, zoom]);
  return null;
}
