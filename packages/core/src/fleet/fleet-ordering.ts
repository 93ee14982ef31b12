import { SwitchboardError } from '@switchboard/protocol';

interface Ordered {
  id: string;
  position: number;
  createdAt: string;
}

/** Renumbers items 0..n-1 in the given order, returning only those whose position changed. */
export function renumber<T extends { position: number }>(ordered: readonly T[]): T[] {
  return ordered.flatMap((item, position) => (item.position === position ? [] : [{ ...item, position }]));
}

export const byPosition = <T extends { position: number; createdAt: string }>(a: T, b: T) =>
  a.position - b.position || a.createdAt.localeCompare(b.createdAt);

export interface MovePlan<T> {
  /** Every item whose group or position changes, by id (empty when nothing moves). */
  changed: Map<string, T>;
  /** The mover as it will be (itself when nothing moves). */
  moved: T;
}

/**
 * Moves `item` into `group` at `requested` (default: its place when staying, else the end) and
 * renumbers both the new and the old group. Used for agents in teams and teams in parent teams.
 * `describe` names the target group in the error when `requested` is past its end.
 */
export function planMove<T extends Ordered>(
  all: readonly T[],
  item: T,
  target: { group: string | null; requested: number | undefined; describe: (others: number) => string },
  groupOf: (t: T) => string | null,
  withGroup: (t: T, group: string | null) => T,
): MovePlan<T> {
  const { group, requested } = target;
  const from = groupOf(item);
  const mates = all.filter((t) => groupOf(t) === group && t.id !== item.id).sort(byPosition);
  const position = requested ?? (group === from ? Math.min(item.position, mates.length) : mates.length);
  if (position > mates.length)
    throw new SwitchboardError(
      'invalid_input',
      `Position ${position} is past the end: ${target.describe(mates.length)}`,
    );
  // The mover keeps its old position here so renumbering notices it moved.
  mates.splice(position, 0, withGroup(item, group));
  const oldMates =
    group === from ? [] : all.filter((t) => groupOf(t) === from && t.id !== item.id).sort(byPosition);
  const changed = new Map<string, T>();
  for (const t of [...renumber(mates), ...renumber(oldMates)]) changed.set(t.id, t);
  if (group !== from) changed.set(item.id, { ...withGroup(item, group), position });
  return { changed, moved: changed.get(item.id) ?? item };
}
