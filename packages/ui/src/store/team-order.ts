import type { Team } from '@switchboard/protocol';
import type { FleetState } from './fleet-state';

/** Every team in tree order (parents before children) with its depth. Pure. */
export function childTeamsInOrder(state: FleetState): { team: Team; depth: number }[] {
  const teams = Object.values(state.teams).sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  const out: { team: Team; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const team of teams.filter((t) =>
      parentId === null ? t.parentId === null || !state.teams[t.parentId] : t.parentId === parentId,
    )) {
      out.push({ team, depth });
      visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
