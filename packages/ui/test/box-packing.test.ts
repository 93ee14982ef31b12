import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { describe, expect, it } from 'vitest';
import { packBoxes, type BoxNode, type PlacedBox } from '../src/graph/box-packing';
import { compactRoomAt, toLayoutGraph } from '../src/index';
import { realFleet } from './real-fleet';

// The org chart's packer claims ELK's `box` layout in SIMPLE mode, without elkjs: the reference is elkjs itself.
const elk = new ELK();

function toElk(node: BoxNode): ElkNode {
  const p = node.packing;
  return {
    id: node.id,
    ...(node.width !== undefined ? { width: node.width, height: node.height } : {}),
    ...(p
      ? {
          layoutOptions: {
            'elk.algorithm': 'box',
            'elk.box.packingMode': 'SIMPLE',
            'elk.aspectRatio': String(p.aspectRatio),
            'elk.spacing.nodeNode': String(p.spacing),
            'elk.padding': `[top=${p.padding.top},left=${p.padding.left},bottom=${p.padding.bottom},right=${p.padding.right}]`,
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${p.minWidth}, ${p.minHeight})`,
          },
        }
      : {}),
    children: (node.children ?? []).map(toElk),
  };
}

/** Every box's position and size, by id, to two decimals. */
function flat(node: {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: unknown[];
}) {
  const out: Record<string, number[]> = {};
  const visit = (n: typeof node) => {
    out[n.id] = [n.x ?? 0, n.y ?? 0, n.width ?? 0, n.height ?? 0].map((v) => Math.round(v * 100) / 100);
    for (const child of (n.children ?? []) as (typeof node)[]) visit(child);
  };
  visit(node);
  return out;
}

async function expectSameAsElk(root: BoxNode) {
  const ours: PlacedBox = packBoxes(root);
  const theirs = await elk.layout(toElk(root));
  expect(flat(ours)).toEqual(flat(theirs));
}

/** A seeded pseudo-random fleet tree: groups of cards and nested groups of varied sizes. */
function randomTree(seed: number): BoxNode {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let ids = 0;
  const group = (depth: number, header: number): BoxNode => {
    const cards = Array.from({ length: Math.floor(next() * 14) }, () => ({
      id: `card${ids++}`,
      width: 232,
      height: next() < 0.8 ? 120 : 90 + Math.floor(next() * 80),
    }));
    const subs =
      depth < 2 ? Array.from({ length: Math.floor(next() * 3) }, () => group(depth + 1, header)) : [];
    return {
      id: `group${ids++}`,
      packing: {
        padding: { top: header, left: 16, bottom: 16, right: 16 },
        spacing: 16,
        aspectRatio: 2.2,
        minWidth: 264,
        minHeight: header + 72,
      },
      children: [...cards, ...subs],
    };
  };
  const header = [48, 160, 256, 640][seed % 4]!;
  const teams = Array.from({ length: 1 + Math.floor(next() * 12) }, () => group(0, header));
  return {
    id: 'root',
    packing: {
      padding: { top: 16, left: 16, bottom: 16, right: 16 },
      spacing: 32,
      aspectRatio: 1.8,
      minWidth: 264,
      minHeight: header + 72,
    },
    children: teams,
  };
}

describe("packBoxes: ELK's box packing (SIMPLE), without elkjs", () => {
  it('places 40 random nested fleets exactly as elkjs does', async () => {
    for (let seed = 1; seed <= 40; seed += 1) await expectSameAsElk(randomTree(seed));
  });

  it('handles the edges as elkjs does: an empty group, a group of one', async () => {
    await expectSameAsElk({
      id: 'root',
      packing: randomTree(3).packing!,
      children: [
        { id: 'empty', packing: randomTree(5).children![0]!.packing!, children: [] },
        {
          id: 'one',
          packing: randomTree(5).children![0]!.packing!,
          children: [{ id: 'c', width: 232, height: 120 }],
        },
      ],
    });
  });

  it("lays a real fleet (sub-teams, teamless agents, the compact view's header room) out as elkjs does", async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }, { name: 'web-ui', parent: 'web' }, { name: 'empty' }],
      agents: [
        ...Array.from({ length: 7 }, (_, i) => ({ name: `w${i}`, team: 'web' })),
        ...Array.from({ length: 3 }, (_, i) => ({ name: `a${i}`, team: 'api' })),
        { name: 'u1', team: 'web-ui' },
        { name: 'loner' },
      ],
    });
    await expectSameAsElk(toLayoutGraph(state));
    await expectSameAsElk(toLayoutGraph(state, { headerRoom: compactRoomAt(0.2) }));
  });
});
