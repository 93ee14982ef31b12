import type { AgentState, DelegationStrategy } from '@switchboard/protocol';

/** A worker that could take the task: available, matching the role and capabilities asked for. */
export interface Candidate {
  agentId: string;
  /** Its place in the manager's pool (round robin follows it; every strategy breaks ties with it). */
  position: number;
  state: AgentState;
  role: string;
  priority: number;
  /** Plan steps it is running now. */
  running: number;
}

/** What a strategy remembers between picks (stored with the manager, so a restart keeps the rotation and the random sequence). */
export interface StrategyMemory {
  /** Pool position of the last round-robin pick (-1: none yet). */
  cursor: number;
  /** The random strategy's generator state. */
  rng: number;
}

/** How busy an agent's real state says it is: idle first, then waiting on its prompt, then starting, then working. */
const STATE_LOAD: Partial<Record<AgentState, number>> = {
  idle: 0,
  waiting_for_input: 1,
  starting: 2,
  unknown: 2,
  working: 3,
};
const loadOf = (c: Candidate) => STATE_LOAD[c.state] ?? 2;
const byLoad = (a: Candidate, b: Candidate) =>
  a.running - b.running || loadOf(a) - loadOf(b) || a.position - b.position;

/** mulberry32: a tiny seedable generator; one step returns the next state and a number in [0, 1). */
export function nextRandom(state: number): { state: number; value: number } {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, value: ((t ^ (t >>> 14)) >>> 0) / 4294967296 };
}

/**
 * The seed's five strategies over candidates already filtered to the available, matching workers
 * (non-empty, in pool order). Pure: the memory goes in and comes out.
 */
export function choose(
  strategy: DelegationStrategy,
  candidates: readonly Candidate[],
  memory: StrategyMemory,
): { agentId: string; memory: StrategyMemory } {
  const pool = [...candidates].sort((a, b) => a.position - b.position);
  switch (strategy) {
    case 'round_robin': {
      const next = pool.find((c) => c.position > memory.cursor) ?? pool[0]!;
      return { agentId: next.agentId, memory: { ...memory, cursor: next.position } };
    }
    case 'role_based': {
      const free =
        pool.find((c) => c.running === 0 && loadOf(c) === 0) ?? pool.find((c) => c.running === 0) ?? pool[0]!;
      return { agentId: free.agentId, memory };
    }
    case 'least_busy':
      return { agentId: pool.sort(byLoad)[0]!.agentId, memory };
    case 'priority':
      return { agentId: pool.sort((a, b) => b.priority - a.priority || byLoad(a, b))[0]!.agentId, memory };
    case 'random': {
      const { state, value } = nextRandom(memory.rng);
      return { agentId: pool[Math.floor(value * pool.length)]!.agentId, memory: { ...memory, rng: state } };
    }
  }
}
