import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller, Plan } from '@switchboard/protocol';
import { createWorld } from '../support/world';

const RUNS = process.env['STRESS'] === '1' ? 200 : 25;

/** A random DAG (steps depend only on earlier ones), which steps fail when they run, stop-on-failure, and a schedule. */
const scenario = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    deps: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : 3 }),
      ),
    ),
    failing: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: Math.min(3, n) }),
    stopOnFailure: fc.boolean(),
    schedule: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  }),
);

/** Everything a step depends on, directly or not. */
function ancestors(deps: number[][], i: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...deps[i]!];
  while (stack.length) {
    const next = stack.pop()!;
    if (!seen.has(next)) {
      seen.add(next);
      stack.push(...deps[next]!);
    }
  }
  return seen;
}

describe('plans: properties over random DAGs, through the real orchestrator', () => {
  it('order respects dependencies, every ready step runs at once (parallel steps overlap), stop-on-failure skips exactly the dependents', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ deps, failing, stopOnFailure, schedule }) => {
        const world = createWorld();
        const workers: Caller[] = [];
        for (const name of ['w0', 'w1', 'w2']) workers.push(await world.spawn(name, 'builder'));
        const steps = deps.map((d, i) => ({
          id: `s${i}`,
          task: `step ${i}`,
          assignee: { agent: `w${i % 3}` },
          dependsOn: d.map((x) => `s${x}`),
        }));
        let plan = (await world.human('plan.create', { name: 'random', steps, stopOnFailure })) as Plan;
        const satisfied = (p: Plan, i: number) =>
          deps[i]!.every((d) => {
            const state = p.steps[d]!.state;
            return state === 'completed' || (!stopOnFailure && state === 'failed');
          });
        for (let turn = 0; plan.state === 'running'; turn++) {
          // Invariant at every point: running ⇒ its dependencies are done; dependencies done ⇒ running (nothing ready is held back).
          plan.steps.forEach((s, i) => {
            if (s.state === 'running' || s.state === 'waiting')
              expect(s.state === 'running').toBe(satisfied(plan, i));
          });
          const running = plan.steps.map((s, i) => [s, i] as const).filter(([s]) => s.state === 'running');
          expect(running.length).toBeGreaterThan(0);
          const [chosen, index] = running[schedule[turn % schedule.length]! % running.length]!;
          const worker = workers[index % 3]!;
          if (failing.includes(index))
            await world.as(worker)('plan.failStep', { plan: plan.id, step: chosen.id, reason: 'broken' });
          else await world.as(worker)('plan.completeStep', { plan: plan.id, step: chosen.id });
          plan = (await world.human('plan.get', { plan: plan.id })) as Plan;
        }
        const failed = new Set(plan.steps.flatMap((s, i) => (s.state === 'failed' ? [i] : [])));
        const skipped = plan.steps.flatMap((s, i) => (s.state === 'skipped' ? [i] : []));
        const expectedSkipped = stopOnFailure
          ? deps.map((_, i) => i).filter((i) => [...ancestors(deps, i)].some((a) => failed.has(a)))
          : [];
        expect(skipped).toEqual(expectedSkipped);
        // Every step that was not skipped ran, once, and failed exactly when it was meant to.
        for (const [i, s] of plan.steps.entries()) {
          if (skipped.includes(i)) expect(s.attempt).toBe(0);
          else expect([s.attempt, s.state]).toEqual([1, failing.includes(i) ? 'failed' : 'completed']);
        }
        expect(plan.state).toBe(failed.size || skipped.length ? 'failed' : 'completed');
        // The event log agrees: each step started after each of its dependencies finished.
        const at = (type: string, id: string) =>
          world.events.find((e) => e.type === type && (e as { step: { id: string } }).step.id === id)
            ?.sequence;
        deps.forEach((d, i) => {
          const started = at('plan.step_started', `s${i}`);
          if (started === undefined) return;
          for (const x of d)
            expect(
              at(failing.includes(x) ? 'plan.step_failed' : 'plan.step_completed', `s${x}`)!,
            ).toBeLessThan(started);
        });
        await world.orchestrator.close();
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
