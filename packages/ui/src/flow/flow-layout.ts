import type { ElkNode } from 'elkjs/lib/elk-api';

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

/** Pairs of boxes that overlap (touching edges do not count). Pure; the layout tests' check. */
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
