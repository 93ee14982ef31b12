// What a shipped role may legitimately do to another agent's things (its powers as shipped): those probes are the
// viewer's own business — they may succeed and change what the human sees — but must still carry nothing of A's.
import type { CommandName } from '@switchboard/protocol';
import type { RoleDefinition } from '../../src/roles/role-defaults';
import { roleAllows } from '../../src/roles/role-permissions';

/** Writes into another agent's pane: `pane.write.others`. */
const PANE_WRITES: readonly CommandName[] = [
  'pane.send',
  'pane.keys',
  'pane.focus',
  'pane.setAppearance',
  'pane.setVariable',
];

/** The probed commands that, for this role, act within its rights on A's things (or make its own thing of A's pane). */
export function ownRights(role: RoleDefinition): string[] {
  const rights: CommandName[] = [];
  // A watch on A's pane is the watcher's own (the human sees it listed); A's things stay as they were.
  if (role.canReadOtherPanes) rights.push('pane.watch');
  if (role.canWriteOtherPanes) rights.push(...PANE_WRITES);
  // Re-roling A, deciding A's escalation (answered withheld): a role changer's and a decider's powers.
  rights.push('role.assign', 'approval.decide');
  return rights.filter((name) => roleAllows(role, name));
}
