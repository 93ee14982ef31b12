import { minimatch } from 'minimatch';
import { agentGrantOf, commandNames, commands } from '@switchboard/protocol';
import type { CommandName } from '@switchboard/protocol';
import type { RoleDefinition } from './role-defaults';

type Flag = 'canSpawn' | 'canChangeRoles';

/** Commands a role reaches only through a flag, never through a command glob (the contract's `grant`). */
export const FLAG_COMMANDS: Readonly<Partial<Record<CommandName, Flag>>> = Object.freeze(
  Object.fromEntries(
    commandNames.flatMap((name) => {
      const grant = agentGrantOf(name);
      return grant === 'role' ? [] : [[name, grant]];
    }),
  ),
);

const flagOf = (name: string): Flag | undefined => (FLAG_COMMANDS as Record<string, Flag>)[name];

/** The permission a command needs, as named in a `forbidden` error. */
export function permissionFor(name: CommandName): string {
  const flag = flagOf(name);
  if (flag === 'canSpawn') return 'spawn';
  if (flag === 'canChangeRoles') return 'change_roles';
  return `command:${name}`;
}

/** Commands the contract lets agents call at all. */
export function agentCommands(): CommandName[] {
  return commandNames.filter((name) => commands[name].callers.includes('agent'));
}

/**
 * `*` matches any run of characters (dots included, command names have no `/`): `lock.*`, `*.list`, `*`.
 * The project's one glob library; a leading `!` or `#` is a literal character here, never a negation.
 */
export function matchesCommandGlob(glob: string, name: string): boolean {
  return minimatch(name, glob, { dot: true, nonegate: true, nocomment: true });
}

/** May a role call this command? Flag commands follow their flag; the rest follow the globs. */
export function roleAllows(role: RoleDefinition, name: CommandName): boolean {
  if (!commands[name].callers.includes('agent')) return false;
  const flag = flagOf(name);
  if (flag) return role[flag];
  return role.commands.some((glob) => matchesCommandGlob(glob, name));
}

/** Everything a role may call, resolved against the current contract. */
export function allowedCommands(role: RoleDefinition): CommandName[] {
  return agentCommands().filter((name) => roleAllows(role, name));
}
