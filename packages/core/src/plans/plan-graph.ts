/** The graph facts of a plan's steps, as `plan.create` checks them. */
export interface GraphProblems {
  /** Step ids given more than once. */
  duplicates: string[];
  /** `{ step, dependency }` pairs whose dependency names no step of the plan. */
  unknown: { step: string; dependency: string }[];
  /** Each cycle as its steps (a strongly connected component of more than one step, or a step that depends on itself). */
  cycles: string[][];
  /** Steps that can never start: they depend, directly or not, on a step in a cycle or on an unknown step. */
  unreachable: string[];
}

interface StepEdges {
  id: string;
  dependsOn: readonly string[];
}

export function hasProblems(problems: GraphProblems): boolean {
  return (
    problems.duplicates.length +
      problems.unknown.length +
      problems.cycles.length +
      problems.unreachable.length >
    0
  );
}

/**
 * Finds everything that keeps a plan from running to its end. Cycles are exact: Tarjan's strongly
 * connected components (iterative, so a long chain of 1000 steps cannot overflow the stack). Hand-written
 * because it is thirty lines and property-tested against a brute-force reachability oracle; a graph
 * library would add a dependency for one function.
 */
export function graphProblems(steps: readonly StepEdges[]): GraphProblems {
  const ids = new Set<string>();
  const duplicates = new Set<string>();
  for (const step of steps) (ids.has(step.id) ? duplicates : ids).add(step.id);
  const unknown = steps.flatMap((step) =>
    step.dependsOn.filter((d) => !ids.has(d)).map((dependency) => ({ step: step.id, dependency })),
  );
  const edges = new Map<string, string[]>();
  for (const step of steps) edges.set(step.id, [...new Set(step.dependsOn.filter((d) => ids.has(d)))]);
  const cycles = stronglyConnected(edges).filter(
    (component) => component.length > 1 || edges.get(component[0]!)!.includes(component[0]!),
  );
  const blocked = new Set([...cycles.flat(), ...unknown.map((u) => u.step)]);
  const inCycle = new Set(cycles.flat());
  const dependents = dependentsOf(steps);
  const unreachable = [...transitiveDependents(dependents, [...blocked])].filter(
    (id) => !inCycle.has(id) && !unknown.some((u) => u.step === id),
  );
  return { duplicates: [...duplicates], unknown, cycles, unreachable: unreachable.sort() };
}

/** step → the steps that depend on it directly. */
export function dependentsOf(steps: readonly StepEdges[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const step of steps) dependents.set(step.id, dependents.get(step.id) ?? []);
  for (const step of steps) {
    for (const dependency of new Set(step.dependsOn)) {
      const list = dependents.get(dependency);
      if (list) list.push(step.id);
      else dependents.set(dependency, [step.id]);
    }
  }
  return dependents;
}

/** Every step reachable from `roots` along "is depended on by" edges (a root only if another root, or a cycle, leads back to it). */
export function transitiveDependents(
  dependents: ReadonlyMap<string, readonly string[]>,
  roots: readonly string[],
): Set<string> {
  const seen = new Set<string>();
  const stack = roots.flatMap((root) => dependents.get(root) ?? []);
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(dependents.get(next) ?? []));
  }
  return seen;
}

/** Tarjan's algorithm without recursion: the strongly connected components of `edges` (node → successors). */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const successors = edges.get(frame.node)!;
      if (frame.next < successors.length) {
        const successor = successors[frame.next++]!;
        if (!index.has(successor)) {
          index.set(successor, counter);
          low.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
}
