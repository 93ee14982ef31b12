import type { AgentState } from '@switchboard/protocol';

/** The dashboard's fleet counters: the states a person acts on, the rest together as `other`. */
export interface FleetCounters {
  working: number;
  waiting: number;
  idle: number;
  error: number;
  hung: number;
  other: number;
  total: number;
}

export type CounterName = Exclude<keyof FleetCounters, 'total'>;

/** Which counter a state counts under (`lost` and `unreachable` are errors: the pane is gone or cannot be seen). */
export function counterOf(state: AgentState): CounterName {
  switch (state) {
    case 'working':
      return 'working';
    case 'waiting_for_input':
      return 'waiting';
    case 'idle':
      return 'idle';
    case 'error':
    case 'lost':
    case 'unreachable':
      return 'error';
    case 'hung':
      return 'hung';
    case 'starting':
    case 'exited':
    case 'unknown':
      return 'other';
  }
}

/** Counts agents per counter. Pure. */
export function fleetCounters(agents: Iterable<{ state: AgentState }>): FleetCounters {
  const counters: FleetCounters = { working: 0, waiting: 0, idle: 0, error: 0, hung: 0, other: 0, total: 0 };
  for (const agent of agents) {
    counters[counterOf(agent.state)]++;
    counters.total++;
  }
  return counters;
}
