import { useEffect, useMemo, useRef, useState } from 'react';
import { graphShapeKey, type FlowGraph } from '../../flow/flow-graph';
import { emptyFlowLayout, layoutFlow, type FlowLayout } from '../../flow/flow-layout';

/** The ELK layout of `graph`, recomputed only when a node or a sender → recipient pair comes or goes. */
export function useFlowLayout(graph: FlowGraph): FlowLayout {
  const [layout, setLayout] = useState<FlowLayout>(emptyFlowLayout);
  const key = useMemo(() => graphShapeKey(graph), [graph]);
  const latest = useRef(graph);
  latest.current = graph;
  useEffect(() => {
    let current = true;
    void layoutFlow(latest.current).then((next) => {
      if (current) setLayout(next);
    });
    return () => {
      current = false;
    };
  }, [key]);
  return layout;
}
