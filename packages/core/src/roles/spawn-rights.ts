import type { RoleDefinition } from './role-defaults';
import { allowedCommands, permissionFor } from './role-permissions';

/**
 * The rights an agent of role `child` would have that one of role `parent` has not: the permissions of the commands
 * it may call beyond the parent's, reading or writing other panes, the roles it may message, the hosts it may spawn
 * on. Empty: an agent of `parent` giving a new agent `child` gives nothing it does not hold itself.
 */
export function rightsBeyond(child: RoleDefinition, parent: RoleDefinition): string[] {
  const beyond: string[] = [];
  const parentCommands = new Set(allowedCommands(parent));
  for (const name of allowedCommands(child)) if (!parentCommands.has(name)) beyond.push(permissionFor(name));
  if (child.canWriteOtherPanes && !parent.canWriteOtherPanes) beyond.push('pane.write.others');
  if (child.canReadOtherPanes && !parent.canReadOtherPanes) beyond.push('pane.read.others');
  if (!parent.mayMessage.includes('*'))
    for (const target of child.mayMessage)
      if (!parent.mayMessage.includes(target)) beyond.push(`message:${target}`);
  const parentHosts = (parent.hosts ?? []).map((host) => host.toLowerCase());
  if (!parentHosts.includes('*'))
    for (const host of child.hosts ?? [])
      if (!parentHosts.includes(host.toLowerCase())) beyond.push(`host:${host}`);
  return beyond;
}
