import { useMemo, useRef } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import {
  clusterLayout,
  DEFAULT_ASPECT,
  emptyClusterLayout,
  type ClusterLayout,
} from '../../flow/cluster-layout';
import { graphShapeKey, type FlowGraph } from '../../flow/flow-graph';
import type { ElkLayouter } from '../../flow/flow-layout';

let shared: Promise<ElkLayouter | null> | undefined;
/** One worker ELK for the page, loaded on first use (the worker script is its own bundle; the plans view lays out with it). */
export function workerElk(): Promise<ElkLayouter | null> {
  // Swallowed on purpose: no worker (blocked by the page's policy): the graph lays out on the main thread.
  shared ??= import('./worker-elk').then(({ createWorkerElk }) => createWorkerElk()).catch(() => null);
  return shared;
}

/**
 * The graph's team-cluster layout, incremental: recomputed when a node, a pair or a team membership comes
 * or goes, from the previous one, so every node already shown keeps its place (see clusterLayout). The
 * shelves take the canvas's aspect ratio as it is at the first layout (a later resize moves nothing).
 */
export function useFlowLayout(
  graph: FlowGraph,
  clusterOrder: readonly string[],
  clusterSizes: Readonly<Record<string, number>>,
): ClusterLayout {
  const previous = useRef(emptyClusterLayout);
  const key = `${graphShapeKey(graph)}|${graph.nodes.map((n) => n.team ?? '').join(',')}`;
  const aspect = useFlowStore((s) => (s.width > 0 && s.height > 0 ? s.width / s.height : DEFAULT_ASPECT));
  const latest = useRef({ graph, clusterOrder, clusterSizes, aspect });
  latest.current = { graph, clusterOrder, clusterSizes, aspect };
  return useMemo(() => {
    const { graph: current, ...options } = latest.current;
    const next = clusterLayout(
      current.nodes.map((n) => ({ id: n.id, cluster: n.team ?? '' })),
      previous.current,
      options,
    );
    previous.current = next;
    return next;
  }, [key]);
}
