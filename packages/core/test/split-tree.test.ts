import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertSplit, normalize, panesOf, removePane, treeViolations } from '../src/index';
import type { SplitNode } from '../src/index';

const leaf = (paneId: string): SplitNode => ({ kind: 'pane', paneId });

describe('split trees follow iTerm2 rules', () => {
  it('adds a same-orientation sibling beside the target instead of nesting', () => {
    let tree: SplitNode = leaf('a');
    tree = insertSplit(tree, 'a', 'b', true);
    tree = insertSplit(tree, 'b', 'c', true);
    expect(tree).toEqual({ kind: 'split', vertical: true, children: [leaf('a'), leaf('b'), leaf('c')] });
    tree = insertSplit(tree, 'b', 'd', false, true);
    expect(tree).toEqual({
      kind: 'split',
      vertical: true,
      children: [leaf('a'), { kind: 'split', vertical: false, children: [leaf('d'), leaf('b')] }, leaf('c')],
    });
  });

  it('collapses splitters left with one child when a pane is removed', () => {
    const tree: SplitNode = {
      kind: 'split',
      vertical: true,
      children: [leaf('a'), { kind: 'split', vertical: false, children: [leaf('b'), leaf('c')] }],
    };
    expect(removePane(tree, 'b')).toEqual({
      kind: 'split',
      vertical: true,
      children: [leaf('a'), leaf('c')],
    });
    expect(removePane(leaf('a'), 'a')).toBeUndefined();
  });

  it('reports rule violations', () => {
    expect(treeViolations({ kind: 'split', vertical: true, children: [leaf('a')] })).toHaveLength(1);
    expect(
      treeViolations({
        kind: 'split',
        vertical: true,
        children: [leaf('a'), { kind: 'split', vertical: true, children: [leaf('b'), leaf('c')] }],
      }),
    ).toHaveLength(1);
  });

  it('property: any sequence of splits and removals keeps every pane once and the rules intact', () => {
    const op = fc.record({
      remove: fc.boolean(),
      target: fc.nat(),
      vertical: fc.boolean(),
      before: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let tree: SplitNode | undefined = leaf('p0');
        const present = ['p0'];
        let next = 1;
        for (const o of ops) {
          if (!tree) break;
          const target = present[o.target % present.length]!;
          if (o.remove && present.length > 1) {
            tree = removePane(tree, target);
            present.splice(present.indexOf(target), 1);
          } else {
            const id = `p${next++}`;
            tree = insertSplit(tree, target, id, o.vertical, o.before);
            present.push(id);
          }
        }
        expect(tree).toBeDefined();
        expect([...panesOf(tree!)].sort()).toEqual([...present].sort());
        expect(treeViolations(tree!)).toEqual([]);
        expect(normalize(tree!)).toEqual(tree);
      }),
    );
  });
});
