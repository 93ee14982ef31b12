import type {
  Agent,
  AgentRecoveryStatus,
  AgentState,
  HealthState,
  HealthTransition,
  OutputRateSeries,
} from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { counterOf, type CounterName } from './fleet-counters';
import { compareNames } from '../store/name-order';

/** What the dashboard loaded for one agent beyond the fleet snapshot (health.history, pane.read). */
export interface AgentHealthDetail {
  current: HealthState | null;
  transitions: HealthTransition[];
  outputRate: OutputRateSeries | null;
  /** The last non-blank line on the agent's screen, or null when there is none (or no pane). */
  lastLine: string | null;
}

/** An agent's recovery record as the dashboard shows it (from `recovery.status`). */
export interface RecoverySummary {
  /** When the last sign of life was seen (ms since the epoch), or null: none yet. */
  heartbeatAt: number | null;
  heartbeatSource: string | null;
  /** Ladder steps tried since the agent was first watched. */
  attempts: number;
  /** The last step and how it went, e.g. "restart · ok"; the episode under way, e.g. "hung: interrupt". */
  lastStep: string | null;
  episode: string | null;
  breaker: 'closed' | 'open';
  paused: boolean;
}

/** The dashboard's view of one agent's `recovery.status` entry. Pure. */
export function recoverySummary(status: AgentRecoveryStatus): RecoverySummary {
  return {
    heartbeatAt: status.heartbeat ? Date.parse(status.heartbeat.at) : null,
    heartbeatSource: status.heartbeat?.source ?? null,
    attempts: status.totalAttempts,
    lastStep: status.lastStep ? `${status.lastStep.step} · ${status.lastStep.outcome}` : null,
    episode: status.episode
      ? `${status.episode.trigger}${status.episode.step ? `: ${status.episode.step}` : ''}`
      : null,
    breaker: status.breaker,
    paused: status.paused,
  };
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
  /** Time since the end of the newest output-rate bucket with screen updates (10 s resolution), or null: none seen. */
  lastOutputAgeMs: number | null;
  /** The output-rate series' bucket size: output seen in the current bucket reads "within this". */
  lastOutputResolutionMs: number | null;
  lastLine: string | null;
  confidence: HealthState['confidence'] | null;
  heartbeatAgeMs: number | null;
  heartbeatSource: string | null;
  recoveries: number | null;
  lastRecovery: string | null;
  /** The recovery episode under way, if any. */
  recovering: string | null;
  /** "closed", "open", or "paused" (automatic recovery off for this agent); null: unknown. */
  breaker: string | null;
  paneId: string | null;
  /** The share of the quota the agent is closest to (quota.usage; 1 = at its limit); absent or null: not known. */
  quotaShare?: number | null;
}

/**
 * The latest the last output can have been: the end of the newest bucket with screen updates (not after
 * `now`), or null when there was none. The age shown is therefore "at least this long ago".
 */
export function lastOutputAt(series: OutputRateSeries | null, now: number): number | null {
  if (!series) return null;
  for (let index = series.points.length - 1; index >= 0; index--) {
    const point = series.points[index]!;
    if (point.updates > 0) return Math.min(now, Date.parse(point.at) + series.bucketMs);
  }
  return null;
}

/**
 * The health table's rows for every agent of the fleet at `now`. Agents the host gave no recovery
 * status for keep heartbeat, recovery and breaker unknown (null). Pure.
 */
export function healthRows(
  fleet: FleetState,
  details: Record<string, AgentHealthDetail | undefined>,
  recovery: Record<string, RecoverySummary | undefined>,
  now: number,
): HealthRow[] {
  return Object.values(fleet.agents).map((agent) => {
    const detail = details[agent.id];
    const outputAt = lastOutputAt(detail?.outputRate ?? null, now);
    const status = recovery[agent.id] ?? null;
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
      lastOutputResolutionMs: detail?.outputRate?.bucketMs ?? null,
      lastLine: detail?.lastLine ?? null,
      confidence: detail?.current?.confidence ?? null,
      heartbeatAgeMs: status?.heartbeatAt == null ? null : Math.max(0, now - status.heartbeatAt),
      heartbeatSource: status?.heartbeatSource ?? null,
      recoveries: status ? status.attempts : null,
      lastRecovery: status?.lastStep ?? null,
      recovering: status?.episode ?? null,
      breaker: status ? (status.breaker === 'open' ? 'open' : status.paused ? 'paused' : 'closed') : null,
      paneId: agent.paneId,
    };
  });
}

export type SortKey = 'name' | 'state' | 'timeInState' | 'lastOutput' | 'heartbeat' | 'recoveries' | 'quota';
export type SortDirection = 'ascending' | 'descending';

/** States that need a person come first when sorting by state. */
const counterRank: Record<CounterName, number> = {
  error: 0,
  hung: 1,
  waiting: 2,
  working: 3,
  idle: 4,
  other: 5,
};

/** Unknown values (null) always sort last, whichever the direction. */
function compareNullable(a: number | null, b: number | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * (a - b);
}

/** The rows sorted by one column; ties keep name order. Pure (returns a new array). */
export function sortRows(
  rows: readonly HealthRow[],
  key: SortKey,
  direction: SortDirection = 'ascending',
): HealthRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: HealthRow, b: HealthRow) => compareNames(a.name, b.name);
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
      case 'quota':
        return compareNullable(a.quotaShare ?? null, b.quotaShare ?? null, sign);
    }
  };
  return [...rows].sort((a, b) => compare(a, b) || byName(a, b));
}

/**
 * The rows that match every word of `query` (name, kind, role, team, state or last line) and, when
 * `counters` is not empty, whose state counts under one of them. Pure.
 */
export function filterRows(
  rows: readonly HealthRow[],
  query: string,
  counters: ReadonlySet<CounterName> = new Set(),
): HealthRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (counters.size > 0 && !counters.has(row.counter)) return false;
    if (words.length === 0) return true;
    const text = [
      row.name,
      row.kind,
      row.role,
      row.team ?? '',
      row.state.replaceAll('_', ' '),
      row.lastLine ?? '',
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
