import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphProblems, transitiveDependents, dependentsOf } from '../../src/plans/plan-graph';

/** Random directed graphs on up to 14 steps (cycles allowed): step i depends on the listed steps. */
const anyGraph = fc
  .integer({ min: 1, max: 14 })
  .chain((n) =>
    fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
  );

const toSteps = (graph: number[][]) =>
  graph.map((deps, i) => ({ id: `s${i}`, dependsOn: deps.map((d) => `s${d}`) }));

/** The oracle: everything a step depends on, directly or not (by brute force). */
function reach(graph: number[][], from: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...graph[from]!];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...graph[next]!);
  }
  return seen;
}

describe('plan graph: properties over random graphs', () => {
  it('cycle detection is exact: a step is in a reported cycle iff it depends on itself; two steps share a cycle iff each depends on the other', () => {
    fc.assert(
      fc.property(anyGraph, (graph) => {
        const { cycles } = graphProblems(toSteps(graph));
        const reaches = graph.map((_, i) => reach(graph, i));
        const cyclic = graph.map((_, i) => i).filter((i) => reaches[i]!.has(i));
        expect(cycles.flat().sort()).toEqual(cyclic.map((i) => `s${i}`).sort());
        for (const cycle of cycles) {
          for (const a of cycle)
            for (const b of cycle) expect(reaches[Number(a.slice(1))]!.has(Number(b.slice(1)))).toBe(true);
        }
        const componentOf = new Map(cycles.flatMap((cycle, c) => cycle.map((id) => [id, c] as const)));
        for (const a of cyclic) {
          for (const b of cyclic) {
            const mutual = reaches[a]!.has(b) && reaches[b]!.has(a);
            expect(componentOf.get(`s${a}`) === componentOf.get(`s${b}`)).toBe(mutual);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('unreachable is exact: the steps outside cycles that depend on a cyclic step', () => {
    fc.assert(
      fc.property(anyGraph, (graph) => {
        const { unreachable, cycles } = graphProblems(toSteps(graph));
        const cyclic = new Set(cycles.flat());
        const expected = graph
          .map((_, i) => i)
          .filter((i) => !cyclic.has(`s${i}`) && [...reach(graph, i)].some((d) => cyclic.has(`s${d}`)));
        expect(unreachable).toEqual(expected.map((i) => `s${i}`).sort());
      }),
      { numRuns: 400 },
    );
  });

  it('a graph whose steps depend only on earlier steps has no problems; transitive dependents match the oracle', () => {
    const dag = fc
      .integer({ min: 1, max: 14 })
      .chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : 3 }),
          ),
        ),
      );
    fc.assert(
      fc.property(dag, (graph) => {
        const steps = toSteps(graph);
        expect(graphProblems(steps)).toEqual({ duplicates: [], unknown: [], cycles: [], unreachable: [] });
        const dependents = dependentsOf(steps);
        for (let root = 0; root < graph.length; root++) {
          const expected = graph
            .map((_, i) => i)
            .filter((i) => reach(graph, i).has(root))
            .map((i) => `s${i}`);
          expect([...transitiveDependents(dependents, [`s${root}`])].sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names unknown dependencies and duplicate ids', () => {
    expect(
      graphProblems([
        { id: 'a', dependsOn: ['nope'] },
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
      ]),
    ).toMatchObject({
      duplicates: ['a'],
      unknown: [{ step: 'a', dependency: 'nope' }],
    });
  });

  it('a 1000-step chain does not overflow the stack', () => {
    const chain = Array.from({ length: 1000 }, (_, i) => ({
      id: `s${i}`,
      dependsOn: i === 0 ? ['s999'] : [`s${i - 1}`],
    }));
    expect(graphProblems(chain).cycles[0]).toHaveLength(1000);
  });
});
