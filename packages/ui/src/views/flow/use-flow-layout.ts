import { useMemo, useRef } from 'react';
import { clusterLayout, emptyClusterLayout, type ClusterLayout } from '../../flow/cluster-layout';
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
 * or goes, from the previous one, so every node already shown keeps its place (see clusterLayout).
 */
export function useFlowLayout(
  graph: FlowGraph,
  clusterOrder: readonly string[],
  clusterSizes: Readonly<Record<string, number>>,
): ClusterLayout {
  const previous = useRef(emptyClusterLayout);
  const key = `${graphShapeKey(graph)}|${graph.nodes.map((n) => n.team ?? '').join(',')}`;
  const latest = useRef({ graph, clusterOrder, clusterSizes });
  latest.current = { graph, clusterOrder, clusterSizes };
  return useMemo(() => {
    const { graph: current, clusterOrder: order, clusterSizes: sizes } = latest.current;
    const next = clusterLayout(
      current.nodes.map((n) => ({ id: n.id, cluster: n.team ?? '' })),
      previous.current,
      order,
      sizes,
    );
    previous.current = next;
    return next;
  }, [key]);
}
