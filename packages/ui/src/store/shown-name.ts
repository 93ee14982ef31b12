import type { Approval } from '@switchboard/protocol';
import type { FleetState } from './fleet-state';

/** A caller's name as a view shows it, with a tooltip when the record is not about the live agent of that name. */
export interface ShownName {
  text: string;
  /** The id (and, when marked, why); undefined for "you". */
  title: string | undefined;
  /** The id is no agent of the fleet now (closed, or replaced by a new agent that may carry the same name). */
  gone: boolean;
}

/** What naming a caller needs of the fleet's state. */
export type NameState = Pick<FleetState, 'agents' | 'approvals' | 'formerNames' | 'sequence'>;

/** The names approvals kept for their requesters (`requesterName`), by agent id, once per approvals object. */
const keptNames = new WeakMap<Record<string, Approval>, Map<string, string>>();

function keptName(state: Pick<FleetState, 'approvals'>, id: string): string | undefined {
  let names = keptNames.get(state.approvals);
  if (!names) {
    names = new Map();
    for (const approval of Object.values(state.approvals))
      if (approval.requesterName) names.set(approval.requester, approval.requesterName);
    keptNames.set(state.approvals, names);
  }
  return names.get(id);
}

/**
 * The name an agent no longer in the fleet had: the one this page saw it leave with (`formerNames`), else one an
 * approval of its kept (`requesterName`); undefined when nobody kept one. Pure.
 */
export function goneName(
  state: Pick<FleetState, 'approvals' | 'formerNames'>,
  id: string,
): string | undefined {
  return state.formerNames[id] ?? keptName(state, id);
}

/**
 * Who a record is from or about, as a person reads it: "you" for the human, a live agent's name, and for an id
 * that is no longer in the fleet the name it had (`recordedName`, else the name it had when this page saw it leave,
 * `formerNames`, else one an approval kept) marked "(closed)",
 * so an item of a closed `alice` does not read as the new `alice`'s. The id goes in the tooltip. An id with no
 * known name shows as is. Before the first snapshot (sequence -1) nothing is marked: the fleet is not known yet.
 * Found by use (session 25): the approvals history showed "alice" for two different agents. Pure.
 */
export function shownName(state: NameState, id: string, recordedName?: string | null): ShownName {
  if (id === 'human') return { text: 'you', title: undefined, gone: false };
  const live = state.agents[id];
  if (live) return { text: live.name, title: id, gone: false };
  const name = recordedName || goneName(state, id);
  if (state.sequence < 0) return { text: name ?? id, title: id, gone: false };
  return {
    text: name ? `${name} (closed)` : id,
    title: `no longer in the fleet (closed or replaced): ${id}`,
    gone: true,
  };
}
