import type { Agent, Team } from '@switchboard/protocol';
import { groupByTeam, type FleetState } from '../store/fleet-state';

/** Group ids of the chart grouped by host start with this; they are views, not teams (no rename, no drop). */
export const HOST_GROUP_PREFIX = 'host:';
/** What this machine's group is called (agents without a host). */
export const LOCAL_HOST_NAME = 'This machine';
const NEUTRAL = '#8c959f';

export const isHostGroup = (teamId: string | null | undefined): boolean =>
  teamId?.startsWith(HOST_GROUP_PREFIX) ?? false;

/** The host a group of the grouped chart stands for (`undefined`: this machine), or null for a real team. */
export function hostOfGroup(team: Pick<Team, 'id' | 'parentId'>): string | undefined | null {
  if (!isHostGroup(team.id) || team.parentId !== null) return null;
  const host = team.id.slice(HOST_GROUP_PREFIX.length);
  return host === '' ? undefined : host;
}

/**
 * The fleet as the chart shows it grouped by host (issue 27): one group per machine — this one first,
 * then the remote hosts by name — and inside it a group per team with agents there (a team that spans
 * machines appears under each, in the fleet's team order, sub-teams flattened), agents without a team
 * directly in the machine's group. Groups carry the team's name and colour; their ids are views
 * (`host:box`, `host:box/<team id>`), never sent to the host. Pure.
 */
export function groupByHost(state: FleetState): FleetState {
  const hostIds = new Set(Object.values(state.agents).map((agent) => agent.host ?? ''));
  const hosts = [...hostIds].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  const teams: Record<string, Team> = {};
  const agents: Record<string, Agent> = {};
  const order = groupByTeam(state);
  hosts.forEach((host, hostIndex) => {
    const hostGroup = `${HOST_GROUP_PREFIX}${host}`;
    teams[hostGroup] = {
      id: hostGroup,
      name: host === '' ? LOCAL_HOST_NAME : `@${host}`,
      parentId: null,
      color: NEUTRAL,
      position: hostIndex,
      createdAt: '1970-01-01T00:00:00.000Z',
    };
    order.forEach(({ team, agents: members }, teamIndex) => {
      const here = members.filter((agent) => (agent.host ?? '') === host);
      if (here.length === 0) return;
      const groupId = team === null ? hostGroup : `${hostGroup}/${team.id}`;
      if (team !== null) teams[groupId] = { ...team, id: groupId, parentId: hostGroup, position: teamIndex };
      for (const agent of here) agents[agent.id] = { ...agent, teamId: groupId };
    });
  });
  return { ...state, teams, agents };
}
