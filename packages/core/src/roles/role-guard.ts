import { SwitchboardError, isCommandName } from '@switchboard/protocol';
import type { Agent, Caller, CommandName, Team } from '@switchboard/protocol';
import type { RefusalAudit } from '../audit/refusal-audit';
import type { Authorizer } from '../dispatch/dispatcher';
import type { RateLimiter } from './rate-limiter';
import type { RoleCatalog } from './role-catalog';
import { FALLBACK_ROLE, type RoleDefinition } from './role-defaults';
import { permissionFor } from './role-permissions';
import { rightsBeyond } from './spawn-rights';

export interface RoleGuardDeps {
  catalog: RoleCatalog;
  limiter: RateLimiter;
  /** Where refusals are audited: counted per burst, never one row per refused call. */
  refusals: RefusalAudit;
  /** An open agent by id (closed or unknown agents have no rights). */
  findAgent(id: string): Pick<Agent, 'id' | 'role' | 'teamId'> | undefined;
  /** A team by id or name. */
  findTeam(ref: string): Pick<Team, 'id' | 'name'> | undefined;
}

/**
 * Enforces the role catalog. `authorize` is the dispatcher's hook, so the API, the MCP endpoint and
 * the CLI share one check; other domains call `assertMayMessage` for checks that depend on a target.
 * Humans may do everything. Every refusal is audited, one row (plus one count) per burst, not per call.
 */
export class RoleGuard {
  constructor(private readonly deps: RoleGuardDeps) {}

  readonly authorize: Authorizer = (caller, name, input) => {
    let granted: Granted | undefined;
    try {
      granted = this.evaluate(caller, name);
      if (granted && name === 'agent.spawn') {
        assertMayUseHost(granted.role, input);
        this.assertMayPlace(granted, input);
      }
    } catch (error) {
      if (error instanceof SwitchboardError && error.code === 'forbidden') {
        const details = error.details as { missing: string; role: string | null };
        this.deps.refusals.record({
          actor: caller,
          action: 'authorization.denied',
          target: name,
          outcome: 'denied',
          details,
        });
      }
      throw error;
    }
    if (!granted) return;
    const { agent, role } = granted;
    const decision = this.deps.limiter.take(agent.id, role.rateLimit);
    if (!decision.allowed) {
      this.deps.refusals.record({
        actor: caller,
        action: 'authorization.rate_limited',
        target: name,
        outcome: 'denied',
        details: { role: role.name, rateLimit: role.rateLimit },
      });
      throw new SwitchboardError(
        'rate_limited',
        `Agent ${agent.id} is over its rate limit (${role.rateLimit.perMinute}/min, burst ${role.rateLimit.burst})`,
        {
          hint: `Retry in ${decision.retryAfterMs} ms.`,
          details: { retryAfterMs: decision.retryAfterMs },
        },
      );
    }
  };

  /** The same permission check without side effects (no audit entry, no rate token): "may this caller?". */
  check(caller: Caller, name: CommandName): void {
    this.evaluate(caller, name);
  }

  /**
   * `check` as a yes or no, without building an error: for listing what a caller may call (`agent.whoami`
   * asks this for every command, and most of them are refused).
   */
  mayCall(caller: Caller, name: CommandName): boolean {
    if (caller.kind === 'human' || !isCommandName(name)) return true;
    const agent = this.deps.findAgent(caller.id);
    return agent !== undefined && this.deps.catalog.allows(agent.role, name);
  }

  private evaluate(caller: Caller, name: CommandName): Granted | undefined {
    if (caller.kind === 'human') return undefined;
    if (!isCommandName(name)) return undefined;
    const agent = this.deps.findAgent(caller.id);
    if (!agent) throw forbidden('agent', `No open agent "${caller.id}": its token no longer grants anything`);
    const role = this.deps.catalog.resolve(agent.role);
    if (!this.deps.catalog.allows(agent.role, name)) {
      const missing = permissionFor(name);
      throw forbidden(
        missing,
        `Role "${role.name}" lacks the permission "${missing}" needed for ${name}`,
        role.name,
      );
    }
    return { agent, role };
  }

  /** Throws `forbidden` unless the sender's role may message agents of the recipient's role. */
  assertMayMessage(sender: Caller, recipientAgentId: string): void {
    if (sender.kind === 'human') return;
    const from = this.deps.findAgent(sender.id);
    if (!from) this.deny(sender, 'message', 'agent', `No open agent "${sender.id}"`);
    const to = this.deps.findAgent(recipientAgentId);
    if (!to) return; // the messaging domain reports unknown recipients itself
    const role = this.deps.catalog.resolve(from.role);
    const recipientRole = this.deps.catalog.resolve(to.role).name;
    if (role.mayMessage.includes('*') || role.mayMessage.includes(recipientRole)) return;
    this.deny(
      sender,
      'message',
      `message:${recipientRole}`,
      `Role "${role.name}" may not message agents of role "${recipientRole}"`,
      role.name,
    );
  }

  /**
   * Throws `forbidden` (permission `pane.write.others`) unless the agent may write into a pane bound to
   * `paneAgentId`: its own pane always, another agent's only with its role's `canWriteOtherPanes`.
   */
  assertMayWritePane(writerAgentId: string, paneAgentId: string): void {
    if (writerAgentId === paneAgentId) return;
    const writer = { kind: 'agent' as const, id: writerAgentId };
    const from = this.deps.findAgent(writerAgentId);
    if (!from) this.deny(writer, 'pane.write', 'agent', `No open agent "${writerAgentId}"`);
    const role = this.deps.catalog.resolve(from.role);
    if (role.canWriteOtherPanes) return;
    this.deny(
      writer,
      'pane.write',
      'pane.write.others',
      `Role "${role.name}" may not write into another agent's pane`,
      role.name,
    );
  }

  /**
   * Throws `forbidden` (permission `pane.read.others`) unless the agent may read a pane bound to
   * `paneAgentId` (`null`: a pane no agent owns, the human's): its own pane always, any other only with its
   * role's `canReadOtherPanes`. `command` names the refused read in the audit row.
   */
  assertMayReadPane(readerAgentId: string, paneAgentId: string | null, command: string): void {
    if (readerAgentId === paneAgentId) return;
    const reader = { kind: 'agent' as const, id: readerAgentId };
    const from = this.deps.findAgent(readerAgentId);
    if (!from) this.deny(reader, command, 'agent', `No open agent "${readerAgentId}"`);
    const role = this.deps.catalog.resolve(from.role);
    if (role.canReadOtherPanes) return;
    const whose = paneAgentId === null ? 'a pane no agent owns' : "another agent's pane";
    this.deny(reader, command, 'pane.read.others', `Role "${role.name}" may not read ${whose}`, role.name);
  }

  /** The answer of `assertMayReadPane` without side effects (no audit entry): for what `pane.list` shows. */
  mayReadPane(reader: Caller, paneAgentId: string | null): boolean {
    if (reader.kind === 'human' || reader.id === paneAgentId) return true;
    const from = this.deps.findAgent(reader.id);
    return from !== undefined && this.deps.catalog.resolve(from.role).canReadOtherPanes;
  }

  /**
   * Throws `forbidden` unless `watcher` may have `notifiedAgentId` told of the lines of a pane bound to
   * `paneAgentId` (`pane.watch` with `notify`): the watcher may message it, and it may read that pane itself.
   * A watch was a way round both (a monitor, which may message only orchestrators, filling a builder's inbox).
   */
  assertMayTellOfPane(watcher: Caller, notifiedAgentId: string, paneAgentId: string | null): void {
    if (watcher.kind === 'human' || watcher.id === notifiedAgentId) return;
    this.assertMayMessage(watcher, notifiedAgentId);
    const notified = this.deps.findAgent(notifiedAgentId);
    if (!notified || notified.id === paneAgentId) return;
    const role = this.deps.catalog.resolve(notified.role);
    if (role.canReadOtherPanes) return;
    const message = `Role "${role.name}" may not read that pane, so its agent may not be told of its lines`;
    this.deny(watcher, 'pane.watch', 'pane.read.others', message, role.name);
  }

  /** The answer of `assertMayMessage` without side effects (no audit entry): for filtering a group's members. */
  mayMessage(sender: Caller, recipientAgentId: string): boolean {
    if (sender.kind === 'human') return true;
    const from = this.deps.findAgent(sender.id);
    const to = this.deps.findAgent(recipientAgentId);
    if (!from) return false;
    if (!to) return true;
    const role = this.deps.catalog.resolve(from.role);
    return role.mayMessage.includes('*') || role.mayMessage.includes(this.deps.catalog.resolve(to.role).name);
  }

  /**
   * An agent spawning gives the new agent a role and a team, and through them what it may call and read (its team's
   * memory and messages; its command is the spawner's to choose). Without `canChangeRoles` — the power to give any
   * agent any role — the new agent's role (given, or the default) grants nothing beyond the spawner's own, and its
   * team is the spawner's or none. Until session 26 a devops (canSpawn only) spawned orchestrators, into any team.
   * Runs before the input is parsed, like every check here: an unknown role or team is left to the spawn to refuse.
   */
  private assertMayPlace({ agent, role }: Granted, input: unknown): void {
    if (role.canChangeRoles) return;
    const raw = (input ?? {}) as { role?: unknown; team?: unknown };
    const childName = typeof raw.role === 'string' ? raw.role : FALLBACK_ROLE;
    const beyond =
      childName === role.name || !this.deps.catalog.has(childName)
        ? []
        : rightsBeyond(this.deps.catalog.resolve(childName), role);
    if (beyond.length > 0) {
      const shown = beyond.length > 6 ? [...beyond.slice(0, 6), `${beyond.length - 6} more`] : beyond;
      throw forbidden(
        'change_roles',
        `Role "${role.name}" may not spawn an agent of role "${childName}": it grants what "${role.name}" lacks (${shown.join(', ')})`,
        role.name,
      );
    }
    const team = typeof raw.team === 'string' ? this.deps.findTeam(raw.team) : undefined;
    if (team === undefined || team.id === agent.teamId) return;
    const own = agent.teamId === null ? undefined : this.deps.findTeam(agent.teamId);
    throw forbidden(
      'change_roles',
      `Role "${role.name}" may spawn agents only into its own team (${own ? `"${own.name}"` : 'it has none'}) or none, not "${team.name}"`,
      role.name,
    );
  }

  private deny(caller: Caller, name: string, missing: string, message: string, role?: string): never {
    this.deps.refusals.record({
      actor: caller,
      action: 'authorization.denied',
      target: name,
      outcome: 'denied',
      details: { missing, role: role ?? null },
    });
    throw forbidden(missing, message, role);
  }
}

interface Granted {
  agent: Pick<Agent, 'id' | 'role' | 'teamId'>;
  role: RoleDefinition;
}

function forbidden(missing: string, message: string, role?: string): SwitchboardError {
  return new SwitchboardError('forbidden', message, {
    hint: 'The human can change roles with role.update or role.assign.',
    details: { missing, role: role ?? null },
  });
}

/**
 * An agent may spawn on a remote host only when its role lists that host (or `*`); with none listed, the
 * default, its agents stay on this machine (docs/remote.md). Host names compare ignoring case, as registered.
 */
function assertMayUseHost(role: RoleDefinition, input: unknown): void {
  const host = (input as { host?: unknown } | undefined)?.host;
  if (typeof host !== 'string') return;
  const allowed = role.hosts ?? [];
  if (allowed.includes('*') || allowed.some((h) => h.toLowerCase() === host.toLowerCase())) return;
  throw forbidden(
    `host:${host}`,
    `Role "${role.name}" may not spawn agents on host "${host}" (its hosts: ${allowed.length ? allowed.join(', ') : 'this machine only'})`,
    role.name,
  );
}
