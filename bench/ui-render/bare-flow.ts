/// <reference types="vite/client" />
// The baseline for bench/ui-render.ts: React Flow with nothing of ours, the same 200 nodes (same size,
// grouped 20 to a block like the fleet's 10 teams), fitView, background, controls and minimap.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { markFleetLoaded } from '../../packages/ui/src/store/perf-marks';
import { Background, Controls, MiniMap, ReactFlow, useNodesState, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

const WIDTH = 232;
const HEIGHT = 96;
const initialNodes: Node[] = Array.from({ length: 200 }, (_, i) => {
  const team = Math.floor(i / 20);
  const slot = i % 20;
  return {
    id: `n${i}`,
    position: {
      x: (team % 5) * 5 * (WIDTH + 16) + (slot % 4) * (WIDTH + 16),
      y: Math.floor(team / 5) * 6 * (HEIGHT + 16) + Math.floor(slot / 4) * (HEIGHT + 16),
    },
    width: WIDTH,
    height: HEIGHT,
    data: { label: `agent-${i}` },
  };
});

function BareFlow() {
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  return createElement(
    ReactFlow,
    { nodes, edges: [], onNodesChange, fitView: true, minZoom: 0.1 },
    createElement(Background),
    createElement(Controls),
    createElement(MiniMap),
  );
}

// The bare page's data is in hand here: the same mark as our UI's fleet store sets when its snapshot arrived.
markFleetLoaded();
createRoot(document.getElementById('root')!).render(createElement(BareFlow));
