import type { Agent, HealthTransition, OutputRateSeries } from '@switchboard/protocol';
import { counterOf, type CounterName } from './fleet-counters';

/** Columns for a chart: shared x values (seconds since the epoch, as uPlot wants) and named y series. */
export interface ChartSeries<K extends string> {
  times: number[];
  series: Record<K, number[]>;
}

export const COUNTER_NAMES: readonly CounterName[] = ['working', 'waiting', 'idle', 'error', 'hung', 'other'];

function steps(from: number, to: number, stepMs: number): number[] {
  const first = Math.floor(from / stepMs) * stepMs;
  const times: number[] = [];
  for (let at = first; at <= to; at += stepMs) times.push(at);
  return times;
}

/**
 * An agent's transitions ending in the state it is in now. The health history holds what the health
 * monitor decided; states the fleet sets (`lost` when a host restart finds no pane, `unreachable` while
 * the terminal is gone) are not in it, and the chart counted such agents in their last decided state
 * for ever. Pure.
 */
export function withCurrentState(
  transitions: readonly HealthTransition[],
  agent: Pick<Agent, 'state' | 'stateSince'> | undefined,
): readonly HealthTransition[] {
  const last = transitions[transitions.length - 1];
  if (!agent || last?.state === agent.state) return transitions;
  const since = last && Date.parse(last.since) > Date.parse(agent.stateSince) ? last.since : agent.stateSince;
  return [...transitions, { state: agent.state, since, confidence: 'high', unsure: false, signals: [] }];
}

/**
 * How many agents were in each counter's states at every step from `from` to `to` (and at `to` itself,
 * so the chart ends now), from each agent's transitions (oldest first). Before an agent's first
 * transition it is not counted. Pure.
 */
export function stateTimeline(
  histories: Iterable<readonly HealthTransition[]>,
  from: number,
  to: number,
  stepMs: number,
): ChartSeries<CounterName> {
  const times = steps(from, to, stepMs);
  if ((times[times.length - 1] ?? -Infinity) < to) times.push(to);
  const series = Object.fromEntries(COUNTER_NAMES.map((name) => [name, times.map(() => 0)])) as Record<
    CounterName,
    number[]
  >;
  for (const transitions of histories) {
    const starts = transitions.map((t) => Date.parse(t.since));
    let index = -1;
    times.forEach((at, step) => {
      while (index + 1 < starts.length && starts[index + 1]! <= at) index++;
      if (index < 0) return;
      series[counterOf(transitions[index]!.state)][step]!++;
    });
  }
  return { times: times.map((ms) => ms / 1000), series };
}

/**
 * The fleet's screen updates per bucket: every agent's output-rate series added up, from `from` on. With no bucket
 * at all (a fleet that printed nothing yet, or none), the minute before `to` at 0: the chart draws its time axis and
 * a flat line instead of an empty box with no axis (found by use on a fresh host). Pure.
 */
export function fleetOutputRate(
  rates: Iterable<OutputRateSeries | null>,
  from: number,
  to?: number,
): ChartSeries<'updates'> {
  const sums = new Map<number, number>();
  for (const rate of rates) {
    for (const point of rate?.points ?? []) {
      const at = Date.parse(point.at);
      if (at < from) continue;
      sums.set(at, (sums.get(at) ?? 0) + point.updates);
    }
  }
  const times = [...sums.keys()].sort((a, b) => a - b);
  if (times.length === 0 && to !== undefined)
    return { times: [Math.max(from, to - 60_000) / 1000, to / 1000], series: { updates: [0, 0] } };
  return { times: times.map((ms) => ms / 1000), series: { updates: times.map((at) => sums.get(at)!) } };
}

/** Messages (one per recipient copy) per minute from `from` to `to`, by when they were sent. Pure. */
export function messagesPerMinute(
  sentAt: Iterable<number>,
  from: number,
  to: number,
): ChartSeries<'messages'> {
  const minute = 60_000;
  const times = steps(from, to, minute);
  const counts = times.map(() => 0);
  const first = times[0] ?? 0;
  for (const at of sentAt) {
    if (at < first || at > to) continue;
    const bucket = Math.floor((at - first) / minute);
    if (bucket < counts.length) counts[bucket]!++;
  }
  return { times: times.map((ms) => ms / 1000), series: { messages: counts } };
}
