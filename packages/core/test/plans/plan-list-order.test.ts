// An agent's plan.list is the person's plan.list with the plans it is not part of left out: the same order (newest
// first, the later-made first among plans made in the same millisecond), whichever way it came to be part of them —
// it made the plan, a step names it, a step was reassigned to it later.
import { describe, expect, it } from 'vitest';
import type { Plan } from '@switchboard/protocol';
import { createWorld } from '../support/world';

const ids = (out: unknown) => (out as { plans: { id: string }[] }).plans.map((plan) => plan.id);

describe("an agent's plan.list", () => {
  it("lists its own plans in the person's order", async () => {
    const world = createWorld();
    await world.orchestrator.ready;
    const mine = await world.spawn('mine', 'manager');
    const other = await world.spawn('other', 'manager');
    const made: { id: string; mine: boolean }[] = [];
    const create = async (by: 'mine' | 'other' | 'human', assignee: string, tick: number) => {
      world.clock.advance(tick);
      const caller = by === 'human' ? world.human : world.as(by === 'mine' ? mine : other);
      const plan = (await caller('plan.create', {
        name: `${by}-${made.length}`,
        steps: [{ id: 's', task: 't', assignee: { agent: assignee } }],
      })) as Plan;
      made.push({ id: plan.id, mine: by === 'mine' || assignee === 'mine' });
      return plan;
    };
    // Some in the same millisecond (ties), some later, made by either agent or the person, in an interleaved order.
    await create('other', 'other', 0);
    await create('mine', 'other', 0);
    await create('human', 'mine', 0);
    await create('other', 'other', 5);
    const later = await create('other', 'other', 0);
    await create('human', 'mine', 7);
    await create('mine', 'mine', 0);
    await create('other', 'other', 3);
    // A step of another's plan, reassigned to it afterwards: it is part of that plan from then on.
    await world.as(other)('plan.reassignStep', { plan: later.id, step: 's', assignee: { agent: 'mine' } });
    made.find((plan) => plan.id === later.id)!.mine = true;

    const everyone = ids(await world.human('plan.list', {}));
    expect(everyone).toHaveLength(made.length);
    const its = ids(await world.as(mine)('plan.list', {}));
    expect(its).toEqual(everyone.filter((id) => made.find((plan) => plan.id === id)!.mine));
    expect(its).toHaveLength(made.filter((plan) => plan.mine).length);
    // One state only, and a page of it: the same agreement.
    for (const input of [{ state: 'running' }, { limit: 2 }]) {
      const theirs = ids(await world.human('plan.list', { ...input, limit: 200 }));
      const expected = theirs.filter((id) => its.includes(id)).slice(0, 'limit' in input ? input.limit : 200);
      expect(ids(await world.as(mine)('plan.list', input))).toEqual(expected);
    }
  });
});
