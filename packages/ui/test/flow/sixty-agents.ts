import type { MessageFlowEdge } from '@switchboard/protocol';
import { idOf, realFleet } from '../real-fleet';

/** The six teams of the 60-agent fleet, in the org chart's order. */
export const TEAMS = ['api', 'web', 'ops', 'data', 'docs', 'qa'];

/** A message.flow edge as the host reports it: `byKind` counts, all pending, `unanswered` requests open. */
export function flowEdge(
  from: string,
  to: string,
  byKind: Record<string, number>,
  unanswered = 0,
): MessageFlowEdge {
  const count = Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    from,
    to,
    count,
    byKind,
    pending: count,
    acked: 0,
    expired: 0,
    denied: 0,
    paneFailed: 0,
    unanswered,
    deliveryLatencyMs: null,
    lastAt: '2026-01-01T00:00:00.000Z',
  };
}

/**
 * A 60-agent fleet a real core made: 6 teams of 10 shell agents named `<team>-0` … `<team>-9`; with the
 * teams' ids in order, an id by name and every team's size (the room its cluster keeps).
 */
export async function sixtyAgents() {
  const fleet = await realFleet({
    teams: TEAMS.map((name) => ({ name })),
    agents: TEAMS.flatMap((team) =>
      Array.from({ length: 10 }, (_, i) => ({ name: `${team}-${i}`, team, kind: 'shell' as const })),
    ),
  });
  const order = TEAMS.map((t) => idOf(fleet.state, t));
  const sizes: Record<string, number> = {};
  for (const agent of Object.values(fleet.state.agents))
    sizes[agent.teamId ?? ''] = (sizes[agent.teamId ?? ''] ?? 0) + 1;
  return { ...fleet, order, sizes, id: (name: string) => idOf(fleet.state, name) };
}
