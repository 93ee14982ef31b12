import { afterAll, describe, expect, it } from 'vitest';
import { commandNames, type Role } from '@switchboard/protocol';
import { createWorld } from '../support/world';

/**
 * Every role × every command, through the dispatcher as an agent of that role. The expectation comes
 * from the catalog as role.list reports it (`allowed`), never from a list written here.
 */
describe('role × command matrix', async () => {
  const world = createWorld();
  const { roles } = (await world.human('role.list')) as { roles: Role[] };

  it('the catalog has the eight roles of the seed and manager, and they differ', () => {
    const builder = roles.find((r) => r.name === 'builder')!;
    expect(builder.allowed.length).toBeGreaterThan(0);
    expect(builder.allowed.length).toBeLessThan(commandNames.length);
    expect(roles.map((r) => r.name).sort()).toEqual([
      'builder',
      'custom',
      'debugger',
      'devops',
      'manager',
      'monitor',
      'orchestrator',
      'researcher',
      'tester',
    ]);
  });

  afterAll(() => world.orchestrator.close());

  // A world of its own per role: a spawn reads the whole fleet, so one world of all 1,324 agents made the matrix
  // quadratic (34 s; a world per role keeps each small). Its catalog is the seed's, as above; the role's expectation
  // comes from that world's own role.list. A command the role may run runs as a fresh agent (it may stop, rename or
  // re-role its caller); the commands it may not run are all refused to one agent of the role, which a refusal
  // leaves as it was — a spawn per case was most of the file's CPU. One that ran anyway fails its own case.
  describe.each(roles.map((role) => [role.name] as const))('%s', async (roleName) => {
    const roleWorld = createWorld();
    afterAll(() => roleWorld.orchestrator.close());
    const role = ((await roleWorld.human('role.list')) as { roles: Role[] }).roles.find(
      (r) => r.name === roleName,
    )!;
    const refused = await roleWorld.spawn(`${roleName}-refused`, roleName);
    it.each(commandNames.map((name) => [name]))(`${roleName} → %s`, async (name) => {
      const agent = role.allowed.includes(name)
        ? await roleWorld.spawn(`${roleName}-${name.replace('.', '-')}`, roleName)
        : refused;
      const outcome = await roleWorld
        .as(agent)(name, {})
        .then(
          () => 'ran',
          (error: { code: string; details?: { missing?: string } }) => error,
        );
      if (role.allowed.includes(name)) {
        expect(outcome === 'ran' ? 'ran' : (outcome as { code: string }).code).not.toBe('forbidden');
      } else {
        expect(outcome).toMatchObject({ code: 'forbidden' });
        const missing = (outcome as { details?: { missing?: string } }).details?.missing;
        expect(missing).toMatch(new RegExp(`^(command:${name.replace('.', '\\.')}|spawn|change_roles)$`));
        expect((outcome as unknown as Error).message).toContain(missing!);
      }
    });
  });
});
