/**
 * tmux's window layout strings (`#{window_layout}`, `select-layout`): `CSUM,WxH,X,Y` followed by `,ID`
 * for a pane, `{…}` for children side by side or `[…]` for children stacked, children separated by
 * commas. Converted to and from core's split trees: `{}` is an iTerm2 "vertical" splitter (a vertical
 * divider, children left to right), `[]` a horizontal one. Pane ids are tmux's `%N`.
 */
import { SwitchboardError } from '@switchboard/protocol';
import type { SplitNode } from '@switchboard/core';

interface Cell {
  width: number;
  height: number;
  x: number;
  y: number;
  pane?: number;
  vertical?: boolean;
  children?: Cell[];
}

/** tmux's layout_checksum: a 16-bit rotate-and-add over the layout text after the checksum. */
export function layoutChecksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    sum = ((sum >> 1) + ((sum & 1) << 15)) & 0xffff;
    sum = (sum + body.charCodeAt(i)) & 0xffff;
  }
  return sum.toString(16).padStart(4, '0');
}

/** Parses a layout string (with or without its checksum) into a split tree. */
export function parseLayout(layout: string): SplitNode {
  const body = /^[0-9a-f]{4},/.test(layout) ? layout.slice(5) : layout;
  let at = 0;
  const fail = (): never => {
    throw new SwitchboardError('invalid_input', `Unreadable tmux layout "${layout}" at ${at}`);
  };
  const number = (): number => {
    const match = /^\d+/.exec(body.slice(at));
    if (!match) fail();
    at += match![0].length;
    return Number(match![0]);
  };
  const expect = (char: string) => (body[at] === char ? at++ : fail());
  const cell = (): SplitNode => {
    number();
    expect('x');
    number();
    expect(',');
    number();
    expect(',');
    number();
    const next = body[at];
    if (next === ',') {
      at++;
      return { kind: 'pane', paneId: `%${number()}` };
    }
    if (next !== '{' && next !== '[') return fail();
    at++;
    const children = [cell()];
    while (body[at] === ',') {
      at++;
      children.push(cell());
    }
    expect(next === '{' ? '}' : ']');
    return { kind: 'split', vertical: next === '{', children };
  };
  const root = cell();
  if (at !== body.length) fail();
  return root;
}

/** Splits `total` cells among `count` children with a one-cell divider between neighbours. */
function shares(total: number, count: number): number[] {
  const room = total - (count - 1);
  const base = Math.floor(room / count);
  if (base < 1)
    throw new SwitchboardError(
      'conflict',
      `A ${total}-cell window has no room for ${count} panes side by side`,
      { hint: 'Make the window larger or put fewer panes in one tab.' },
    );
  return Array.from({ length: count }, (_, i) => base + (i < room % count ? 1 : 0));
}

function place(node: SplitNode, width: number, height: number, x: number, y: number): Cell {
  if (node.kind === 'pane') {
    const id = /^%(\d+)$/.exec(node.paneId);
    if (!id) throw new SwitchboardError('invalid_input', `"${node.paneId}" is not a tmux pane id`);
    return { width, height, x, y, pane: Number(id[1]) };
  }
  const sizes = shares(node.vertical ? width : height, node.children.length);
  let offset = node.vertical ? x : y;
  const children = node.children.map((child, i) => {
    const size = sizes[i]!;
    const placed = node.vertical
      ? place(child, size, height, offset, y)
      : place(child, width, size, x, offset);
    offset += size + 1;
    return placed;
  });
  return { width, height, x, y, vertical: node.vertical, children };
}

function write(cell: Cell): string {
  const head = `${cell.width}x${cell.height},${cell.x},${cell.y}`;
  if (cell.children) {
    const [open, close] = cell.vertical ? ['{', '}'] : ['[', ']'];
    return `${head}${open}${cell.children.map(write).join(',')}${close}`;
  }
  return `${head},${cell.pane}`;
}

/** The layout string (with checksum) that gives a `width`×`height` window the shape of `root`, sizes shared evenly. */
export function formatLayout(root: SplitNode, width: number, height: number): string {
  const body = write(place(root, width, height, 0, 0));
  return `${layoutChecksum(body)},${body}`;
}
