import { findAgentByRef, HUMAN_INBOX, SwitchboardError } from '@switchboard/protocol';
import type { Agent, MessageAddress, MessageCascade, Team } from '@switchboard/protocol';

/** The fleet as addressing sees it: open agents and every team. */
export interface Directory {
  agents: readonly Agent[];
  teams: readonly Team[];
  /** The agent whose pane has the terminal's keyboard focus (the `focused` address), when known. */
  focusedAgentId?: string | null;
}

export interface Recipient {
  /** An agent id, or "human". */
  id: string;
  teamId: string | null;
  agent: Agent | null;
  /** Named directly (an agent address or a cascade's agent part), not reached through a group. */
  explicit: boolean;
}

const humanRecipient: Recipient = { id: HUMAN_INBOX, teamId: null, agent: null, explicit: true };

function findAgent(directory: Directory, ref: string): Agent {
  const agent = findAgentByRef(directory.agents, ref);
  if (!agent)
    throw new SwitchboardError('not_found', `No agent "${ref}"`, {
      hint: 'agent.list shows the agents there are.',
    });
  return agent;
}

/** The `focused` address: exactly as if the focused agent were named, so roles apply the same way. */
function focusedAgent(directory: Directory): Agent {
  const id = directory.focusedAgentId;
  const agent = id ? directory.agents.find((a) => a.id === id) : undefined;
  if (!agent)
    throw new SwitchboardError('not_found', "No agent's pane has the keyboard focus in the terminal", {
      hint: "Click an agent's pane in the terminal first, or name the agent.",
    });
  return agent;
}

function findTeam(directory: Directory, ref: string): Team {
  const team = directory.teams.find((t) => t.id === ref) ?? directory.teams.find((t) => t.name === ref);
  if (!team)
    throw new SwitchboardError('not_found', `No team "${ref}"`, { hint: 'fleet.snapshot lists the teams.' });
  return team;
}

/** A team's id and, with `subteams`, all its descendants' ids. */
export function teamAndDescendants(teams: readonly Team[], rootId: string, subteams = true): Set<string> {
  const ids = new Set([rootId]);
  if (!subteams) return ids;
  for (let grew = true; grew;) {
    grew = false;
    for (const team of teams) {
      if (team.parentId !== null && ids.has(team.parentId) && !ids.has(team.id)) {
        ids.add(team.id);
        grew = true;
      }
    }
  }
  return ids;
}

function depthOf(teams: readonly Team[], teamId: string): number {
  let depth = 0;
  for (
    let team = teams.find((t) => t.id === teamId);
    team?.parentId;
    team = teams.find((t) => t.id === team!.parentId)
  ) {
    depth++;
    if (depth > teams.length) break;
  }
  return depth;
}

const asRecipient = (agent: Agent, explicit = false): Recipient => ({
  id: agent.id,
  teamId: agent.teamId,
  agent,
  explicit,
});

/**
 * Expands addresses into distinct recipients, in address order. Group addresses (team, role, broadcast)
 * never include the sender; naming an agent directly always reaches it.
 */
export function resolveAddresses(
  directory: Directory,
  addresses: readonly MessageAddress[],
  senderId: string,
): Recipient[] {
  const found = new Map<string, Recipient>();
  const add = (recipient: Recipient) => {
    if (!found.has(recipient.id)) found.set(recipient.id, recipient);
  };
  const named = (agent: Agent) => {
    const known = found.get(agent.id);
    if (known) known.explicit = true;
    else add(asRecipient(agent, true));
  };
  for (const address of addresses) {
    if ('agent' in address) named(findAgent(directory, address.agent));
    else if ('focused' in address) named(focusedAgent(directory));
    else if ('team' in address) {
      const ids = teamAndDescendants(directory.teams, findTeam(directory, address.team).id, address.subteams);
      directory.agents
        .filter((a) => a.teamId !== null && ids.has(a.teamId) && a.id !== senderId)
        .forEach((a) => add(asRecipient(a)));
    } else if ('role' in address)
      directory.agents
        .filter((a) => a.role === address.role && a.id !== senderId)
        .forEach((a) => add(asRecipient(a)));
    else if ('broadcast' in address)
      directory.agents.filter((a) => a.id !== senderId).forEach((a) => add(asRecipient(a)));
    else add(humanRecipient);
  }
  return [...found.values()];
}

/** Specificity of a cascade part: agent beats any team, a deeper team beats its ancestors, teams beat roles, roles beat broadcast. */
const AGENT_RANK = 1_000_000;
const TEAM_RANK = 1_000;
const ROLE_RANK = 1;
const BROADCAST_RANK = 0;

/** Resolves a cascade: each recipient gets the text of the most specific part that reaches it. */
export function resolveCascade(
  directory: Directory,
  cascade: MessageCascade,
  senderId: string,
): Map<string, { recipient: Recipient; body: string }> {
  const best = new Map<string, { recipient: Recipient; body: string; rank: number }>();
  const offer = (agent: Agent, body: string, rank: number) => {
    const current = best.get(agent.id);
    if (!current || rank > current.rank)
      best.set(agent.id, { recipient: asRecipient(agent, rank === AGENT_RANK), body, rank });
  };
  const others = directory.agents.filter((a) => a.id !== senderId);
  if (cascade.broadcast !== undefined) others.forEach((a) => offer(a, cascade.broadcast!, BROADCAST_RANK));
  for (const [role, body] of Object.entries(cascade.roles ?? {}))
    others.filter((a) => a.role === role).forEach((a) => offer(a, body, ROLE_RANK));
  for (const [ref, body] of Object.entries(cascade.teams ?? {})) {
    const team = findTeam(directory, ref);
    const ids = teamAndDescendants(directory.teams, team.id);
    const rank = TEAM_RANK + depthOf(directory.teams, team.id);
    others.filter((a) => a.teamId !== null && ids.has(a.teamId)).forEach((a) => offer(a, body, rank));
  }
  const named = new Set<string>();
  for (const [ref, body] of Object.entries(cascade.agents ?? {})) {
    const agent = findAgent(directory, ref);
    if (named.has(agent.id))
      throw new SwitchboardError(
        'invalid_input',
        `The cascade names agent "${ref}" twice (by id and by name)`,
      );
    named.add(agent.id);
    offer(agent, body, AGENT_RANK);
  }
  return new Map([...best].map(([id, { recipient, body }]) => [id, { recipient, body }]));
}
