import type { Agent, AgentState, HealthState, HealthTransition, OutputRateSeries } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { counterOf, type CounterName } from './fleet-counters';

/** What the dashboard loaded for one agent beyond the fleet snapshot (health.history, pane.read, recovery). */
export interface AgentHealthDetail {
  current: HealthState | null;
  transitions: HealthTransition[];
  outputRate: OutputRateSeries | null;
  /** The last non-blank line on the agent's screen, or null when there is none (or no pane). */
  lastLine: string | null;
  /** From the recovery contract; null while the host has none (shown as "—"). */
  recovery: RecoverySummary | null;
}

/** An agent's recovery record as the dashboard shows it. */
export interface RecoverySummary {
  /** Milliseconds since the last heartbeat, or null when the agent has not sent one. */
  heartbeatAgeMs: number | null;
  /** Recovery attempts so far and the last step taken (e.g. "interrupt", "restart"). */
  attempts: number;
  lastStep: string | null;
  breaker: string | null;
}

/** One line of the health table. */
export interface HealthRow {
  agentId: string;
  name: string;
  kind: Agent['kind'];
  role: string;
  team: string | null;
  state: AgentState;
  counter: CounterName;
  timeInStateMs: number;
  /** Age of the newest output bucket with screen updates (the rate series' resolution), or null: none seen. */
  lastOutputAgeMs: number | null;
  lastLine: string | null;
  confidence: HealthState['confidence'] | null;
  heartbeatAgeMs: number | null;
  recoveries: number | null;
  lastRecovery: string | null;
  breaker: string | null;
  paneId: string | null;
}

/** When the newest bucket with output started, or null. */
export function lastOutputAt(series: OutputRateSeries | null): number | null {
  if (!series) return null;
  for (let index = series.points.length - 1; index >= 0; index--) {
    const point = series.points[index]!;
    if (point.updates > 0) return Date.parse(point.at);
  }
  return null;
}

/** The health table's rows for every agent of the fleet at `now`. Pure. */
export function healthRows(fleet: FleetState, details: Record<string, AgentHealthDetail | undefined>, now: number): HealthRow[] {
  return Object.values(fleet.agents).map((agent) => {
    const detail = details[agent.id];
    const outputAt = lastOutputAt(detail?.outputRate ?? null);
    const recovery = detail?.recovery ?? null;
    return {
      agentId: agent.id,
      name: agent.name,
      kind: agent.kind,
      role: agent.role,
      team: agent.teamId ? (fleet.teams[agent.teamId]?.name ?? null) : null,
      state: agent.state,
      counter: counterOf(agent.state),
      timeInStateMs: Math.max(0, now - Date.parse(agent.stateSince)),
      lastOutputAgeMs: outputAt === null ? null : Math.max(0, now - outputAt),
      lastLine: detail?.lastLine ?? null,
      confidence: detail?.current?.confidence ?? null,
      heartbeatAgeMs: recovery?.heartbeatAgeMs ?? null,
      recoveries: recovery ? recovery.attempts : null,
      lastRecovery: recovery?.lastStep ?? null,
      breaker: recovery?.breaker ?? null,
      paneId: agent.paneId,
    };
  });
}

export type SortKey = 'name' | 'state' | 'timeInState' | 'lastOutput' | 'heartbeat' | 'recoveries';
export type SortDirection = 'ascending' | 'descending';

/** States that need a person come first when sorting by state. */
const counterRank: Record<CounterName, number> = { error: 0, hung: 1, waiting: 2, working: 3, idle: 4, other: 5 };

/** Unknown values (null) always sort last, whichever the direction. */
function compareNullable(a: number | null, b: number | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * (a - b);
}

/** The rows sorted by one column; ties keep name order. Pure (returns a new array). */
export function sortRows(rows: readonly HealthRow[], key: SortKey, direction: SortDirection = 'ascending'): HealthRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: HealthRow, b: HealthRow) => a.name.localeCompare(b.name);
  const compare = (a: HealthRow, b: HealthRow): number => {
    switch (key) {
      case 'name':
        return sign * byName(a, b);
      case 'state':
        return sign * (counterRank[a.counter] - counterRank[b.counter] || a.state.localeCompare(b.state));
      case 'timeInState':
        return sign * (a.timeInStateMs - b.timeInStateMs);
      case 'lastOutput':
        return compareNullable(a.lastOutputAgeMs, b.lastOutputAgeMs, sign);
      case 'heartbeat':
        return compareNullable(a.heartbeatAgeMs, b.heartbeatAgeMs, sign);
      case 'recoveries':
        return compareNullable(a.recoveries, b.recoveries, sign);
    }
  };
  return [...rows].sort((a, b) => compare(a, b) || byName(a, b));
}

/**
 * The rows that match every word of `query` (name, kind, role, team, state or last line) and, when
 * `counters` is not empty, whose state counts under one of them. Pure.
 */
export function filterRows(rows: readonly HealthRow[], query: string, counters: ReadonlySet<CounterName> = new Set()): HealthRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (counters.size > 0 && !counters.has(row.counter)) return false;
    if (words.length === 0) return true;
    const text = [row.name, row.kind, row.role, row.team ?? '', row.state.replaceAll('_', ' '), row.lastLine ?? ''].join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
