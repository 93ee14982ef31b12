import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, Caller, Team } from '@switchboard/protocol';

/** What the namespace rules need to know of the fleet and the plans. */
export interface MemoryAccessDeps {
  findAgent(ref: string): Pick<Agent, 'id' | 'teamId'> | undefined;
  findTeam(ref: string): Pick<Team, 'id' | 'parentId'> | undefined;
  /** The ids of the plans this agent created or worked on. */
  plansOf(caller: Caller): readonly string[];
}

/**
 * The namespace rules: which namespaces a caller may read and write. An agent reaches `global`, its
 * team's and every enclosing team's, the plans it created or worked on, and its own private one;
 * the human reaches all. (Whether it may call memory commands at all is its role's business.)
 */
export class MemoryNamespaces {
  constructor(private readonly deps: MemoryAccessDeps) {}

  /** The stored form of a namespace as the caller wrote it: teams and agents by id, `team` and `agent` for the caller's own. */
  canonical(caller: Caller, namespace: string): string {
    if (namespace === 'global') return namespace;
    const [kind, ref] = namespace.split(/:(.*)/s) as [string, string | undefined];
    if (kind === 'plan') return namespace;
    if (ref === undefined) {
      if (caller.kind === 'human')
        throw new SwitchboardError(
          'invalid_input',
          `"${kind}" means the calling agent's own; the human names one (${kind}:<name>)`,
        );
      if (kind === 'agent') return `agent:${caller.id}`;
      const teamId = this.deps.findAgent(caller.id)?.teamId;
      if (!teamId)
        throw new SwitchboardError(
          'invalid_input',
          'You are in no team: there is no "team" namespace for you',
          { hint: 'Use global, agent or plan:<id>.' },
        );
      return `team:${teamId}`;
    }
    // Unknown names stay as written: the human can still reach what a closed agent or a deleted team left.
    const id = kind === 'agent' ? this.deps.findAgent(ref)?.id : this.deps.findTeam(ref)?.id;
    return `${kind}:${id ?? ref}`;
  }

  /** Every namespace an agent may read and write; undefined for the human (all of them). */
  readable(caller: Caller): string[] | undefined {
    if (caller.kind === 'human') return undefined;
    const namespaces = ['global', `agent:${caller.id}`];
    const seen = new Set<string>();
    for (let teamId = this.deps.findAgent(caller.id)?.teamId ?? null; teamId !== null && !seen.has(teamId);) {
      seen.add(teamId);
      namespaces.push(`team:${teamId}`);
      teamId = this.deps.findTeam(teamId)?.parentId ?? null;
    }
    for (const planId of this.deps.plansOf(caller)) namespaces.push(`plan:${planId}`);
    return namespaces;
  }

  /**
   * Throws `not_found` unless the caller may use this (canonical) namespace: one it does not reach is answered as a
   * thing it may not see (docs/security.md, "Refusals"), with the same text whether it holds entries or not.
   */
  assertAccess(caller: Caller, namespace: string): void {
    const readable = this.readable(caller);
    if (readable === undefined || readable.includes(namespace)) return;
    throw new SwitchboardError('not_found', `No namespace "${namespace}" of yours`, {
      hint: 'Agents reach global, their team (team), their plans (plan:<id>) and their own (agent).',
    });
  }
}
