import { useEffect, useMemo, useRef, useState } from 'react';
import { graphShapeKey, type FlowGraph } from '../../flow/flow-graph';
import { emptyFlowLayout, layoutFlow, type ElkLayouter, type FlowLayout } from '../../flow/flow-layout';

/** A burst of new pairs (several agents starting to talk at once) is laid out once, after it settles. */
const SETTLE_MS = 300;

let shared: Promise<ElkLayouter | null> | undefined;
/** One worker ELK for the page, loaded on first use (the worker script is its own bundle). */
export function workerElk(): Promise<ElkLayouter | null> {
  // Swallowed on purpose: no worker (blocked by the page's policy): the graph lays out on the main thread.
  shared ??= import('./worker-elk').then(({ createWorkerElk }) => createWorkerElk()).catch(() => null);
  return shared;
}

/**
 * The ELK layout of `graph` (in a Web Worker where there is one), recomputed only when a node or a
 * sender → recipient pair comes or goes; the first layout starts at once, later ones after `SETTLE_MS`.
 */
export function useFlowLayout(graph: FlowGraph): FlowLayout {
  const [layout, setLayout] = useState<FlowLayout>(emptyFlowLayout);
  const key = useMemo(() => graphShapeKey(graph), [graph]);
  const latest = useRef(graph);
  latest.current = graph;
  const first = useRef(true);
  useEffect(() => {
    let current = true;
    const run = async () => {
      const layouter = await workerElk();
      const next = await layoutFlow(latest.current, layouter ?? undefined);
      if (current) setLayout(next);
    };
    const timer = setTimeout(() => void run(), first.current ? 0 : SETTLE_MS);
    first.current = false;
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);
  return layout;
}
