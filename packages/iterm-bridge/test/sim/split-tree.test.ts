import { describe, expect, it } from 'vitest';
import {
  distribute,
  leaf,
  node,
  normalizeRoot,
  paneInDirection,
  paneRects,
  removeSession,
  sameShape,
  splitPane,
  treeSize,
  type SplitChild,
} from '../../src/sim/split-tree';

const draw = (t: SplitChild): string =>
  t.kind === 'session' ? t.sessionId : `${t.vertical ? 'v' : 'h'}[${t.children.map(draw).join(',')}]`;

describe('split tree (PTYTab rules)', () => {
  it('a lone pane re-orients the root; same orientation adds a sibling; the other nests', () => {
    const root = node(false, [leaf('A')]);
    splitPane(root, 'A', 'B', true, false);
    expect(draw(root)).toBe('v[A,B]');
    splitPane(root, 'A', 'C', true, true);
    expect(draw(root)).toBe('v[C,A,B]');
    splitPane(root, 'B', 'D', false, false);
    expect(draw(root)).toBe('v[C,A,h[B,D]]');
    splitPane(root, 'D', 'E', false, true);
    expect(draw(root)).toBe('v[C,A,h[B,E,D]]');
    expect(splitPane(root, 'Z', 'Y', true, false)).toBe(false);
  });

  it('closing collapses one-child nodes; the root adopts a lone child node orientation', () => {
    const root = node(true, [leaf('A'), node(false, [leaf('B'), leaf('C')])]);
    removeSession(root, 'B');
    expect(draw(root)).toBe('v[A,C]');
    removeSession(root, 'A');
    expect(draw(root)).toBe('v[C]');
    const nested = node(true, [leaf('A'), node(false, [leaf('B'), node(true, [leaf('C'), leaf('D')])])]);
    removeSession(nested, 'B');
    expect(draw(nested)).toBe('v[A,C,D]');
    const adopt = node(true, [leaf('A'), node(false, [leaf('B'), leaf('C')])]);
    removeSession(adopt, 'A');
    expect(draw(adopt)).toBe('h[B,C]');
  });

  it('normalize flattens same-orientation nesting', () => {
    const root = node(true, [
      node(true, [leaf('A'), leaf('B')]),
      node(false, [node(false, [leaf('C'), leaf('D')]), leaf('E')]),
    ]);
    normalizeRoot(root);
    expect(draw(root)).toBe('v[A,B,h[C,D,E]]');
  });

  it('shape comparison and even sizes that add up to the tab', () => {
    const a = node(true, [leaf('A'), node(false, [leaf('B'), leaf('C')])]);
    expect(sameShape(a, node(true, [leaf('X'), node(false, [leaf('Y'), leaf('Z')])]))).toBe(true);
    expect(sameShape(a, node(true, [leaf('X'), leaf('Y')]))).toBe(false);
    const sizes = distribute(a, { cols: 80, rows: 25 });
    expect(sizes.get('A')).toEqual({ cols: 40, rows: 25 });
    expect(sizes.get('B')).toEqual({ cols: 39, rows: 12 });
    expect(sizes.get('C')).toEqual({ cols: 39, rows: 12 });
    expect(treeSize(a, sizes)).toEqual({ cols: 80, rows: 25 });
  });

  it('pane rectangles and the neighbour in each direction', () => {
    const tree = node(true, [leaf('A'), node(false, [leaf('B'), leaf('C')])]);
    const rects = paneRects(tree, distribute(tree, { cols: 80, rows: 25 }));
    expect(rects.get('A')).toEqual({ x: 0, y: 0, cols: 40, rows: 25 });
    expect(rects.get('C')).toEqual({ x: 41, y: 13, cols: 39, rows: 12 });
    expect(paneInDirection(rects, 'A', 'right')).toBe('B');
    expect(paneInDirection(rects, 'C', 'left')).toBe('A');
    expect(paneInDirection(rects, 'C', 'above')).toBe('B');
    expect(paneInDirection(rects, 'B', 'below')).toBe('C');
    expect(paneInDirection(rects, 'A', 'left')).toBeUndefined();
  });
});
