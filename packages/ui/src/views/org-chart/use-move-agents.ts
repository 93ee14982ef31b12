import { useCallback } from 'react';
import { placementsOf } from '../../graph/placements';
import type { Outcome } from '../../store/fleet-store';
import { shownName } from '../../store/shown-name';
import { useFleet, useUndoable } from '../store-context';

/**
 * Moves agents (`agent.move`, one each, at consecutive places) and offers to undo it for a few seconds:
 * the undo moves each back to its team and place. The chart follows the host's events, never the wish.
 */
export function useMoveAgents(): (
  agentIds: string[],
  teamId: string | null,
  position: number,
) => Promise<Outcome> {
  const moveAgents = useFleet((s) => s.moveAgents);
  const fleetOf = useFleet((s) => s.fleet);
  const offer = useUndoable((s) => s.offer);
  return useCallback(
    async (agentIds, teamId, position) => {
      const before = placementsOf(fleetOf, agentIds);
      const outcome = await moveAgents(agentIds, teamId, position);
      if (!outcome.ok) return outcome;
      const names = agentIds.map((id) => shownName(fleetOf, id).text).join(', ');
      const target = teamId === null ? 'no team' : (fleetOf.teams[teamId]?.name ?? teamId);
      offer(`Moved ${names} to ${target}`, async () => {
        for (const place of before) {
          const back = await moveAgents([place.agentId], place.teamId, place.index);
          if (!back.ok) return back;
        }
        return { ok: true };
      });
      return outcome;
    },
    [moveAgents, fleetOf, offer],
  );
}
