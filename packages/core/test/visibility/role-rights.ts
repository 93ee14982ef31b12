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

/**
 * The probes (by name: a variant such as `approval.decide (permission)` is not one) that, for this role, act within its
 * rights on A's things (or make its own thing of A's pane).
 */
export function ownRights(role: RoleDefinition): string[] {
  const rights: CommandName[] = [];
  // A watch on A's pane is the watcher's own (the human sees it listed); A's things stay as they were.
  if (role.canReadOtherPanes) rights.push('pane.watch');
  if (role.canWriteOtherPanes) rights.push(...PANE_WRITES);
  // Re-roling A, deciding A's escalation (answered whole): a role changer's and a decider's powers. Never A's
  // permission item (the `(permission)` probe): that one stays refused.
  rights.push('role.assign', 'approval.decide');
  return rights.filter((name) => roleAllows(role, name));
}

/** May this role decide other agents' items (not permission prompts)? Then it is shown them (docs/security.md). */
export const decides = (role: RoleDefinition): boolean => roleAllows(role, 'approval.decide');

/**
 * The reads that, for this role, answer A's thing whole rather than as an unknown one: a decider waits on (gets) A's
 * escalation, the item it may decide, as `approval.list` and the events show it; A's permission item stays unknown.
 */
export function readsShown(role: RoleDefinition): string[] {
  return decides(role) ? ['approval.wait'] : [];
}
