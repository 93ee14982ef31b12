import type { ElkNode } from 'elkjs/lib/elk-api';
import type { FlowGraph } from './flow-graph';

export const NODE_HEIGHT = 40;
const CHAR_WIDTH = 8;
/** Side padding, border and the state icon in front of the label. */
const NODE_PADDING = 56;
const MIN_NODE_WIDTH = 88;

/** Where a node sits (top-left) and how big it is; its label is drawn inside this box. */
export interface FlowBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes share any area (touching edges do not). Pure. */
export const boxesOverlap = (a: FlowBox, b: FlowBox): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export interface FlowLayout {
  boxes: Record<string, FlowBox>;
  width: number;
  height: number;
}

export const emptyFlowLayout: FlowLayout = { boxes: {}, width: 0, height: 0 };

/**
 * A node's width: room for its label at a generous 8 px per character (the UI font is ~7 px at 13 px),
 * so the label always fits inside the box ELK keeps apart from every other box.
 */
export function nodeWidth(label: string): number {
  return Math.max(MIN_NODE_WIDTH, Math.ceil(label.length * CHAR_WIDTH + NODE_PADDING));
}

const layoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '72',
  'elk.spacing.componentComponent': '40',
  // Edges are drawn by React Flow as curves between node sides, so ELK's edge routing is not used: keep it cheap.
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.thoroughness': '3',
  'elk.separateConnectedComponents': 'true',
  'elk.aspectRatio': '1.6',
};

/** The ELK graph: one box per node sized by its label, one ELK edge per sender → recipient pair. Pure. */
export function toElkGraph(graph: FlowGraph): ElkNode {
  const pairs = new Map<string, { id: string; sources: string[]; targets: string[] }>();
  for (const edge of graph.edges) {
    if (edge.from === edge.to || pairs.has(edge.pair)) continue;
    pairs.set(edge.pair, { id: edge.pair, sources: [edge.from], targets: [edge.to] });
  }
  return {
    id: 'root',
    layoutOptions,
    children: graph.nodes.map((node) => ({ id: node.id, width: nodeWidth(node.label), height: NODE_HEIGHT })),
    edges: [...pairs.values()],
  };
}

/** Reads ELK's result into boxes keyed by node id. Pure. */
export function fromElkGraph(root: ElkNode): FlowLayout {
  const boxes: Record<string, FlowBox> = {};
  for (const child of root.children ?? [])
    boxes[child.id] = {
      x: child.x ?? 0,
      y: child.y ?? 0,
      width: child.width ?? 0,
      height: child.height ?? 0,
    };
  return { boxes, width: root.width ?? 0, height: root.height ?? 0 };
}

/** What lays an ELK graph out: elkjs on this thread, or an ELK whose work runs in a Web Worker. */
export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let elk: Promise<ElkLayouter> | undefined;

/**
 * Lays the graph out with elkjs (layered, left to right: senders before their recipients where it can),
 * with `layouter` if given (the view passes one that runs in a Web Worker), else on this thread.
 */
export async function layoutFlow(graph: FlowGraph, layouter?: ElkLayouter): Promise<FlowLayout> {
  // elkjs on this thread is loaded only when there is no worker (its own chunk, 1.4 MB).
  const engine =
    layouter ?? (await (elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk())));
  return fromElkGraph(await engine.layout(toElkGraph(graph)));
}

/** Pairs of boxes that overlap (touching edges do not count). Pure; used by tests and the bench. */
export function overlappingBoxes(boxes: Record<string, FlowBox>): [string, string][] {
  const entries = Object.entries(boxes).sort(([, a], [, b]) => a.x - b.x);
  const found: [string, string][] = [];
  for (let i = 0; i < entries.length; i++) {
    const [idA, a] = entries[i]!;
    for (let j = i + 1; j < entries.length; j++) {
      const [idB, b] = entries[j]!;
      if (b.x >= a.x + a.width) break;
      if (a.y < b.y + b.height && b.y < a.y + a.height) found.push([idA, idB]);
    }
  }
  return found;
}

/** The box a node's label takes: after the icon, as wide as the label at 8 px per character, one line high. */
export function labelBox(box: FlowBox, label: string): FlowBox {
  const width = Math.min(box.width - NODE_PADDING, label.length * CHAR_WIDTH);
  const height = 18;
  return { x: box.x + NODE_PADDING - 14, y: box.y + (box.height - height) / 2, width, height };
}
