import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, treeViolations } from '@switchboard/core';
import type { SplitNode } from '@switchboard/core';
import { formatLayout, layoutChecksum, parseLayout } from '../src/layout-string';

describe('tmux layout strings', () => {
  it('computes the checksums tmux 3.3a printed', () => {
    expect(layoutChecksum('80x24,0,0,0')).toBe('b25d');
    expect(layoutChecksum('80x24,0,0,1')).toBe('b25e');
  });

  it('parses side-by-side and stacked splits into iTerm2-style trees', () => {
    expect(parseLayout('c1a4,159x48,0,0{79x48,0,0,1,79x48,80,0[79x24,80,0,2,79x23,80,25,3]}')).toEqual({
      kind: 'split',
      vertical: true,
      children: [
        { kind: 'pane', paneId: '%1' },
        {
          kind: 'split',
          vertical: false,
          children: [
            { kind: 'pane', paneId: '%2' },
            { kind: 'pane', paneId: '%3' },
          ],
        },
      ],
    });
  });

  it('refuses text that is not a layout', () => {
    for (const text of ['', 'b25d,80x24', '80x24,0,0{', '80x24,0,0,1]', '80x24,0,0,1,2'])
      expect(() => parseLayout(text)).toThrow(/Unreadable tmux layout/);
  });

  const tree: fc.Arbitrary<SplitNode> = fc.letrec<{ node: SplitNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant<SplitNode>({ kind: 'pane', paneId: '' }),
      fc.record({
        kind: fc.constant('split' as const),
        vertical: fc.boolean(),
        children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
      }),
    ),
  })).node;
  const numbered = (node: SplitNode, next = { id: 0 }): SplitNode =>
    node.kind === 'pane'
      ? { kind: 'pane', paneId: `%${next.id++}` }
      : { ...node, children: node.children.map((c) => numbered(c, next)) };

  it('writes a layout that reads back as the same tree, with sizes that add up', () => {
    fc.assert(
      fc.property(tree, (raw) => {
        const root = normalize(numbered(raw));
        expect(treeViolations(root)).toEqual([]);
        const text = formatLayout(root, 5000, 5000);
        expect(text.slice(0, 4)).toBe(layoutChecksum(text.slice(5)));
        expect(parseLayout(text)).toEqual(root);
      }),
    );
  });

  it('says so when a window is too small for the tree', () => {
    const wide: SplitNode = {
      kind: 'split',
      vertical: true,
      children: Array.from({ length: 50 }, (_, i) => ({ kind: 'pane', paneId: `%${i}` })),
    };
    expect(() => formatLayout(wide, 80, 24)).toThrow(/no room for 50 panes/);
  });
});
