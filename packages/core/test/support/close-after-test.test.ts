import { afterAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from './world';

// A world made in a test is closed when that test ends; one made outside a test (a describe's own) is not: its
// describe closes it. The tests run in order; the later ones look at what the earlier one left.
describe('createWorld closes a world its test made', () => {
  const shared = createWorld();
  afterAll(() => shared.orchestrator.close());
  let made: World | undefined;

  it('a world made in a test works during it, and may be closed there too', async () => {
    made = createWorld();
    await made.human('team.create', { name: 'kept' });
    const closedHere = createWorld();
    await closedHere.orchestrator.close();
  });

  it('after that test it is closed', async () => {
    expect(made).toBeDefined();
    await expect(made!.human('fleet.snapshot')).rejects.toThrow();
  });

  it('the describe’s own world stays open across its tests', async () => {
    await shared.human('team.create', { name: 'shared' });
    const { teams } = (await shared.human('fleet.snapshot')) as { teams: { name: string }[] };
    expect(teams.map((t) => t.name)).toContain('shared');
  });
});
