import { hasAgentIdShape } from '@switchboard/protocol';
import type { Agent, Team } from '@switchboard/protocol';

/** Open agents and every team as read from the store, with lookups by id and by name. */
export interface FleetSnapshot {
  readonly agents: readonly Agent[];
  readonly teams: readonly Team[];
  readonly agentsByRef: AgentsByRef;
  readonly teamsByRef: ReadonlyMap<string, Team>;
}

/**
 * The fleet's directory kept in memory: every send, role check and caller lookup asked SQLite for all
 * agents and teams (the profile of bench/messaging.ts: ~4% of the message path at 100 agents). The
 * repository calls `changed()` on each of its writes; the next read loads the tables again. An agent
 * rewritten in place (a state change: every health event at 100+ agents) is patched in, not reloaded;
 * inside a transaction (the health publish writes the row and its history together) the patch is what
 * reads inside that transaction see, and becomes the kept snapshot once the transaction commits (a
 * rollback drops everything: the next read reloads). Only a snapshot read outside a transaction is
 * kept, so a write that is rolled back never leaves a phantom behind.
 */
export class FleetIndex {
  /** As committed: what reads outside a transaction get. */
  private snapshot: FleetSnapshot | undefined;
  /** Inside a transaction: the snapshot with that transaction's agents rewritten in place. */
  private pending: FleetSnapshot | undefined;

  constructor(
    private readonly load: () => { agents: Agent[]; teams: Team[] },
    private readonly inTransaction: () => boolean,
    /** Runs the hook after the transaction being run commits (`true`) or rolls back (`false`); see Store. */
    private readonly afterCommit: (hook: (committed: boolean) => void) => void = (hook) => hook(false),
  ) {}

  current(): FleetSnapshot {
    const inTransaction = this.inTransaction();
    const kept = inTransaction ? (this.pending ?? this.snapshot) : this.snapshot;
    if (kept) return kept;
    const { agents, teams } = this.load();
    const snapshot: FleetSnapshot = {
      agents,
      teams,
      agentsByRef: AgentsByRef.of(agents),
      teamsByRef: byRef(teams),
    };
    if (!inTransaction) this.snapshot = snapshot;
    return snapshot;
  }

  changed(): void {
    this.snapshot = undefined;
    this.pending = undefined;
  }

  /**
   * `agent` (the caller's own copy) was written. Kept in memory when its place in the order (team,
   * position, creation) is unchanged, at once outside a transaction, once it commits inside one;
   * otherwise the next read reloads.
   */
  agentUpdated(agent: Agent): void {
    const inTransaction = this.inTransaction();
    const patched = patch(inTransaction ? (this.pending ?? this.snapshot) : this.snapshot, agent);
    if (!patched) return this.changed();
    if (!inTransaction) {
      this.snapshot = patched;
      return;
    }
    this.pending = patched;
    this.afterCommit((committed) => {
      if (!committed) return this.changed();
      // A later write of the same transaction patched again (its own hook keeps that) or dropped it all.
      if (this.pending !== patched) return;
      this.snapshot = patched;
      this.pending = undefined;
    });
  }
}

/** The snapshot with `agent` in its place, or undefined when it is not there or moved. */
function patch(snapshot: FleetSnapshot | undefined, agent: Agent): FleetSnapshot | undefined {
  const at = snapshot ? snapshot.agents.findIndex((a) => a.id === agent.id) : -1;
  const before = at >= 0 ? snapshot!.agents[at] : undefined;
  if (
    !snapshot ||
    !before ||
    before.teamId !== agent.teamId ||
    before.position !== agent.position ||
    before.createdAt !== agent.createdAt
  )
    return undefined;
  const agents = snapshot.agents.slice();
  agents[at] = agent;
  return { ...snapshot, agents, agentsByRef: snapshot.agentsByRef.with(before, agent, agents) };
}

/** How many patched entries ride on a lookup before it is built afresh. */
const MAX_PATCHED = 32;

/**
 * Agents by id and name (as `byRef`), patched without being rebuilt: a state change at 100 agents rebuilt the
 * whole map (200 entries) and copied it for every one of 100 agents exiting together (~3 state changes each):
 * the fleet index was the host's largest cost in core over such a burst (issue 21). A patch goes into a small
 * map laid over the built one (copied, so a snapshot handed out never changes); past `MAX_PATCHED` entries,
 * or when a name changes, the lookup is built afresh.
 */
export class AgentsByRef {
  private constructor(
    private readonly built: ReadonlyMap<string, Agent>,
    private readonly patched: ReadonlyMap<string, Agent>,
  ) {}

  static of(agents: readonly Agent[]): AgentsByRef {
    return new AgentsByRef(byRef(agents), new Map());
  }

  /** As `findAgentByRef` (protocol): a reference shaped like an id finds that id only, never a name. */
  get(ref: string): Agent | undefined {
    const agent = this.patched.get(ref) ?? this.built.get(ref);
    return agent && (agent.id === ref || !hasAgentIdShape(ref)) ? agent : undefined;
  }

  /** The lookup with `agent` in the place of `before` (the same id); `agents` is the patched list. */
  with(before: Agent, agent: Agent, agents: readonly Agent[]): AgentsByRef {
    if (before.name !== agent.name || this.patched.size >= MAX_PATCHED) return AgentsByRef.of(agents);
    const patched = new Map(this.patched);
    patched.set(agent.id, agent);
    // Its name finds it unless that name is someone's id (ids win).
    if (this.get(agent.name)?.id === agent.id) patched.set(agent.name, agent);
    return new AgentsByRef(this.built, patched);
  }
}

/** Ids first, then names that are not also someone's id (the SQL looked up `id = ? OR name = ?`, ids win). */
function byRef<T extends { id: string; name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  for (const item of items) map.set(item.id, item);
  return map;
}
