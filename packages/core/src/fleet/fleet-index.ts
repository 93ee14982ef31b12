import type { Agent, Team } from '@switchboard/protocol';

/** Open agents and every team as read from the store, with lookups by id and by name. */
export interface FleetSnapshot {
  readonly agents: readonly Agent[];
  readonly teams: readonly Team[];
  readonly agentsByRef: ReadonlyMap<string, Agent>;
  readonly teamsByRef: ReadonlyMap<string, Team>;
}

/**
 * The fleet's directory kept in memory: every send, role check and caller lookup asked SQLite for all
 * agents and teams (the profile of bench/messaging.ts: ~4% of the message path at 100 agents). The
 * repository calls `changed()` on each of its writes; the next read loads the tables again. An agent
 * rewritten in place (a state change: every health event at 100+ agents) is patched in, not reloaded.
 * Only a snapshot read outside a transaction is kept, so a write that is rolled back never leaves a
 * phantom behind (the write already dropped the snapshot; the next read outside reloads).
 */
export class FleetIndex {
  private snapshot: FleetSnapshot | undefined;

  constructor(
    private readonly load: () => { agents: Agent[]; teams: Team[] },
    private readonly inTransaction: () => boolean,
  ) {}

  current(): FleetSnapshot {
    if (this.snapshot) return this.snapshot;
    const { agents, teams } = this.load();
    const snapshot: FleetSnapshot = { agents, teams, agentsByRef: byRef(agents), teamsByRef: byRef(teams) };
    if (!this.inTransaction()) this.snapshot = snapshot;
    return snapshot;
  }

  changed(): void {
    this.snapshot = undefined;
  }

  /**
   * `agent` (the caller's own copy) was written outside a transaction. Kept in memory when its place in
   * the order (team, position, creation) is unchanged; otherwise, or inside a transaction, the next read reloads.
   */
  agentUpdated(agent: Agent): void {
    const snapshot = this.snapshot;
    const at = snapshot && !this.inTransaction() ? snapshot.agents.findIndex((a) => a.id === agent.id) : -1;
    const before = at >= 0 ? snapshot!.agents[at] : undefined;
    if (
      !snapshot ||
      !before ||
      before.teamId !== agent.teamId ||
      before.position !== agent.position ||
      before.createdAt !== agent.createdAt
    )
      return this.changed();
    const agents = snapshot.agents.slice();
    agents[at] = agent;
    this.snapshot = { ...snapshot, agents, agentsByRef: byRef(agents) };
  }
}

/** Ids first, then names that are not also someone's id (the SQL looked up `id = ? OR name = ?`, ids win). */
function byRef<T extends { id: string; name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  for (const item of items) map.set(item.id, item);
  return map;
}
