/** React Flow ids are namespaced so a team and an agent can never collide. */
export const LOOSE_GROUP = 'team:none';

export function teamNodeId(teamId: string | null): string {
  return teamId === null ? LOOSE_GROUP : `team:${teamId}`;
}

export function agentNodeId(agentId: string): string {
  return `agent:${agentId}`;
}

/** The agent id of an agent node id, or null for any other node. */
export function agentIdOf(nodeId: string): string | null {
  return nodeId.startsWith('agent:') ? nodeId.slice('agent:'.length) : null;
}

/** The team id of a team node id (null for the "no team" group), or undefined for any other node. */
export function teamIdOf(nodeId: string): string | null | undefined {
  if (nodeId === LOOSE_GROUP) return null;
  return nodeId.startsWith('team:') ? nodeId.slice('team:'.length) : undefined;
}
