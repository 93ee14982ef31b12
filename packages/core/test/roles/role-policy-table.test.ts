import { describe, expect, it } from 'vitest';
import type { Role } from '@switchboard/protocol';
import { createWorld } from '../support/world';

/**
 * The policy, written down here from the roles' purpose (the seed's eight roles: an orchestrator
 * plans and delegates; devops runs infrastructure and may spawn helpers; builders, debuggers and
 * testers work in their panes under locks; a researcher reads and reports, no panes, no locks; a
 * monitor watches and escalates; `custom` is the unnamed worker; a manager (the seed's ManagerAgent) owns
 * plans over a pool of workers, who report their steps) — not derived from the catalog code.
 * If the catalog drifts from it, one of these cells fails. (role-matrix.test.ts proves the dispatcher
 * enforces whatever the catalog says; this proves the catalog says the right thing.)
 */
const ROLES = [
  'orchestrator',
  'manager',
  'devops',
  'builder',
  'debugger',
  'researcher',
  'tester',
  'monitor',
  'custom',
] as const;
const TABLE = `
  command            orch manage devops build  debug  resrch test   monitor custom
  agent.whoami       Y    Y      Y      Y      Y      Y      Y      Y      Y
  agent.list         Y    Y      Y      Y      Y      Y      Y      Y      Y
  pane.read          Y    Y      Y      Y      Y      Y      Y      Y      Y
  lock.list          Y    Y      Y      Y      Y      Y      Y      Y      Y
  role.list          Y    Y      Y      Y      Y      Y      Y      Y      Y
  recovery.log       Y    Y      Y      Y      Y      Y      Y      Y      Y
  health.heartbeat   Y    Y      Y      Y      Y      Y      Y      Y      Y
  health.reportHook  Y    Y      Y      Y      Y      Y      Y      Y      Y
  message.send       Y    Y      Y      Y      Y      Y      Y      Y      Y
  approval.request   Y    Y      Y      Y      Y      Y      Y      Y      Y
  human.notify       Y    Y      Y      Y      Y      Y      Y      Y      Y
  lock.acquire       Y    Y      Y      Y      Y      -      Y      -      Y
  pane.send          Y    -      Y      Y      Y      -      Y      -      Y
  pane.keys          Y    -      Y      Y      Y      -      Y      -      Y
  pane.focus         Y    -      Y      Y      Y      -      Y      -      Y
  pane.setVariable   Y    -      Y      Y      Y      -      Y      -      Y
  pane.watch         Y    -      Y      Y      Y      -      Y      Y      Y
  approval.decide    Y    -      -      -      -      -      -      -      -
  agent.spawn        Y    -      Y      -      -      -      -      -      -
  role.assign        Y    -      -      -      -      -      -      -      -
  plan.get           Y    Y      Y      Y      Y      Y      Y      Y      Y
  plan.list          Y    Y      Y      Y      Y      Y      Y      Y      Y
  plan.create        Y    Y      -      -      -      -      -      -      -
  plan.pause         Y    Y      -      -      -      -      -      -      -
  plan.reassignStep  Y    Y      -      -      -      -      -      -      -
  plan.completeStep  Y    Y      Y      Y      Y      Y      Y      -      Y
  plan.failStep      Y    Y      Y      Y      Y      Y      Y      -      Y
`;

const rows = TABLE.trim()
  .split('\n')
  .slice(1)
  .map((line) => line.trim().split(/\s+/));

describe('the role policy, against a table written apart from the code', async () => {
  const world = createWorld();
  const { roles } = (await world.human('role.list')) as { roles: Role[] };

  it("has exactly the seed's eight roles and manager", () => {
    expect(roles.map((r) => r.name).sort()).toEqual([...ROLES].sort());
  });

  it.each(rows.map(([command, ...cells]) => [command!, cells] as const))('%s', (command, cells) => {
    expect(cells).toHaveLength(ROLES.length);
    const expected = Object.fromEntries(ROLES.map((role, i) => [role, cells[i] === 'Y']));
    const actual = Object.fromEntries(
      ROLES.map((role) => [role, roles.find((r) => r.name === role)!.allowed.includes(command)]),
    );
    expect(actual).toEqual(expected);
  });

  it('a role cannot be widened by a negation or comment glob (they match literally)', async () => {
    const { matchesCommandGlob } = await import('../../src/roles/role-permissions');
    expect(matchesCommandGlob('!lock.*', 'pane.send')).toBe(false);
    expect(matchesCommandGlob('#x', 'pane.send')).toBe(false);
    expect(matchesCommandGlob('lock.*', 'lock.acquire')).toBe(true);
    expect(matchesCommandGlob('*.list', 'agent.list')).toBe(true);
    expect(matchesCommandGlob('*', 'agent.spawn')).toBe(true);
    expect(matchesCommandGlob('pane.*', 'panes.send')).toBe(false);
  });
});
