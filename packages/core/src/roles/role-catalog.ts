import { BUILT_IN_ROLES, SwitchboardError, commandNames } from '@switchboard/protocol';
import type { CommandName, ParsedInput, Role } from '@switchboard/protocol';
import { isoTime, type Clock } from '../ports/clock';
import type { Store } from '../store/store';
import { DEFAULT_ROLES, FALLBACK_ROLE, type RoleDefinition } from './role-defaults';
import {
  FLAG_COMMANDS,
  agentCommands,
  allowedCommands,
  matchesCommandGlob,
  roleAllows,
} from './role-permissions';

interface RoleRow {
  name: string;
  description: string;
  commands: string;
  may_message: string;
  can_spawn: number;
  can_change_roles: number;
  can_write_other_panes: number;
  can_read_other_panes: number;
  hosts: string;
  rate_per_minute: number;
  rate_burst: number;
  updated_at: string;
}

const toDefinition = (row: RoleRow): RoleDefinition & { updatedAt: string } => ({
  name: row.name,
  description: row.description,
  commands: JSON.parse(row.commands) as string[],
  mayMessage: JSON.parse(row.may_message) as string[],
  canSpawn: row.can_spawn === 1,
  canChangeRoles: row.can_change_roles === 1,
  canWriteOtherPanes: row.can_write_other_panes === 1,
  canReadOtherPanes: row.can_read_other_panes === 1,
  hosts: JSON.parse(row.hosts) as string[],
  rateLimit: { perMinute: row.rate_per_minute, burst: row.rate_burst },
  updatedAt: row.updated_at,
});

/** The role catalog in SQLite: seeded with the eight built-in roles, edited by the human. */
export class RoleCatalog {
  private cache = new Map<string, RoleDefinition & { updatedAt: string }>();
  /**
   * "May this role call this command?", decided once per role and command (the globs are matched then, not
   * on every call). Emptied whenever the catalog changes (`reload`), so an edit takes effect on the next call.
   */
  private decisions = new Map<string, Map<CommandName, boolean>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    const now = isoTime(clock);
    store.transaction(() => {
      for (const role of DEFAULT_ROLES) this.write(role, now, 'INSERT OR IGNORE');
    });
    this.reload();
  }

  list(): Role[] {
    return [...this.cache.values()].map(toRole);
  }

  /** The definition checks use; unknown names fall back to `custom`. */
  resolve(name: string): RoleDefinition {
    return this.cache.get(name) ?? this.cache.get(FALLBACK_ROLE)!;
  }

  /** May an agent of this role call the command? (`resolve`'s fallback applies to unknown names.) */
  allows(roleName: string, command: CommandName): boolean {
    const role = this.resolve(roleName);
    let decided = this.decisions.get(role.name);
    if (!decided) this.decisions.set(role.name, (decided = new Map()));
    let allowed = decided.get(command);
    if (allowed === undefined) decided.set(command, (allowed = roleAllows(role, command)));
    return allowed;
  }

  has(name: string): boolean {
    return this.cache.has(name);
  }

  update(input: ParsedInput<'role.update'>): Role {
    const existing = this.cache.get(input.name);
    if (input.commands) validateCommandGlobs(input.commands);
    if (input.mayMessage) for (const target of input.mayMessage) validateRoleRef(target);
    const next: RoleDefinition = {
      name: input.name,
      description: input.description ?? existing?.description ?? '',
      commands: input.commands ?? existing?.commands ?? [],
      mayMessage: input.mayMessage ?? existing?.mayMessage ?? [],
      canSpawn: input.canSpawn ?? existing?.canSpawn ?? false,
      canChangeRoles: input.canChangeRoles ?? existing?.canChangeRoles ?? false,
      canWriteOtherPanes: input.canWriteOtherPanes ?? existing?.canWriteOtherPanes ?? false,
      canReadOtherPanes: input.canReadOtherPanes ?? existing?.canReadOtherPanes ?? false,
      hosts: input.hosts ?? existing?.hosts ?? [],
      rateLimit:
        input.rateLimit ??
        existing?.rateLimit ??
        DEFAULT_ROLES.find((r) => r.name === FALLBACK_ROLE)!.rateLimit,
    };
    this.write(next, isoTime(this.clock), 'INSERT OR REPLACE');
    this.reload();
    return toRole(this.cache.get(input.name)!);
  }

  /** Removes a role the human added; built-in roles stay, and a role some agents have is refused (names in the error). */
  remove(name: string, holders: readonly string[]): void {
    if (!this.cache.has(name))
      throw new SwitchboardError('not_found', `No role "${name}"`, { hint: 'role.list shows the catalog.' });
    if ((BUILT_IN_ROLES as readonly string[]).includes(name)) {
      throw new SwitchboardError('conflict', `"${name}" is a built-in role and cannot be removed`, {
        hint: 'role.update edits it instead.',
      });
    }
    if (holders.length > 0) {
      throw new SwitchboardError('conflict', `Role "${name}" is held by ${holders.join(', ')}`, {
        hint: 'role.assign them another role first.',
      });
    }
    this.store.prepare('DELETE FROM roles WHERE name = ?').run(name);
    this.reload();
  }

  private write(role: RoleDefinition, at: string, verb: 'INSERT OR IGNORE' | 'INSERT OR REPLACE'): void {
    this.store
      .prepare(
        `${verb} INTO roles (name, description, commands, may_message, can_spawn, can_change_roles, can_write_other_panes, can_read_other_panes, hosts, rate_per_minute, rate_burst, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        role.name,
        role.description,
        JSON.stringify(role.commands),
        JSON.stringify(role.mayMessage),
        role.canSpawn ? 1 : 0,
        role.canChangeRoles ? 1 : 0,
        role.canWriteOtherPanes ? 1 : 0,
        role.canReadOtherPanes ? 1 : 0,
        JSON.stringify(role.hosts ?? []),
        role.rateLimit.perMinute,
        role.rateLimit.burst,
        at,
      );
  }

  private reload(): void {
    const rows = this.store.prepare<[], RoleRow>('SELECT * FROM roles ORDER BY rowid').all();
    this.cache = new Map(rows.map((row) => [row.name, toDefinition(row)]));
    this.decisions = new Map();
  }
}

function toRole(definition: RoleDefinition & { updatedAt: string }): Role {
  return { ...definition, hosts: definition.hosts ?? [], allowed: allowedCommands(definition) };
}

/**
 * A command name must be one a role can grant (agents may call it, no flag governs it). A glob may match nothing
 * yet (a stored role may hold one: `inbox.*` in the built-in roles before session 25), but not only the person's commands (`fleet.*`, `recovery.conf*`): that
 * would be stored as a grant that can never work, and read as one that does. A glob also covering commands a role
 * can grant (`recovery.*`, `*`) grants those.
 */
function validateCommandGlobs(globs: readonly string[]): void {
  const grantable = agentCommands().filter((name) => !Object.hasOwn(FLAG_COMMANDS, name));
  for (const glob of globs) {
    if (!/^[a-z*][a-z0-9_.*-]*$/i.test(glob))
      throw new SwitchboardError('invalid_input', `"${glob}" is not a command name or glob`);
    const isGlob = glob.includes('*');
    if (!isGlob && Object.hasOwn(FLAG_COMMANDS, glob)) {
      throw new SwitchboardError('invalid_input', `${glob} is granted by a flag, not the command list`, {
        hint: 'Set canSpawn or canChangeRoles instead.',
      });
    }
    if (grantable.some((name) => matchesCommandGlob(glob, name))) continue;
    const ungrantable = commandNames.filter((name) => matchesCommandGlob(glob, name));
    if (isGlob && ungrantable.length === 0) continue;
    const message = isGlob
      ? `${glob} matches no command agents may call, only ${ungrantable.join(', ')}`
      : `${glob} is not a command agents may call`;
    throw new SwitchboardError('invalid_input', message, {
      hint: "Only the person may call those (or a flag grants them). role.list shows each role's allowed commands.",
    });
  }
}

function validateRoleRef(target: string): void {
  if (target !== '*' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(target))
    throw new SwitchboardError('invalid_input', `"${target}" is not a role name or "*"`);
}
