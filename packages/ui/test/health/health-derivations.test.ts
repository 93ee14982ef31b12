import { describe, expect, it } from 'vitest';
import type { HealthTransition } from '@switchboard/protocol';
import { fleetCounters } from '../../src/health/fleet-counters';
import { formatAge, lastOutputText } from '../../src/health/format-age';
import { humanCaller, type AgentRecoveryStatus } from '@switchboard/protocol';
import {
  filterRows,
  healthRows,
  lastOutputAt,
  recoverySummary,
  sortRows,
  type HealthRow,
} from '../../src/health/health-rows';
import {
  fleetOutputRate,
  messagesPerMinute,
  stateTimeline,
  withCurrentState,
} from '../../src/health/time-series';
import { idOf, realFleet } from '../real-fleet';

const t0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const transition = (state: HealthTransition['state'], at: number): HealthTransition => ({
  state,
  since: iso(at),
  confidence: 'high',
  unsure: false,
  signals: [],
});

describe('fleetCounters', () => {
  it('counts working, waiting, idle, error (lost included), hung and the rest', () => {
    const states = [
      'working',
      'working',
      'waiting_for_input',
      'idle',
      'error',
      'lost',
      'hung',
      'starting',
      'exited',
    ] as const;
    expect(fleetCounters(states.map((state) => ({ state })))).toEqual({
      working: 2,
      waiting: 1,
      idle: 1,
      error: 2,
      hung: 1,
      other: 2,
      total: 9,
    });
  });
});

describe('formatAge', () => {
  it('reads at a glance and shows unknown as a dash', () => {
    expect([
      formatAge(4_200),
      formatAge(12 * 60_000),
      formatAge(185 * 60_000),
      formatAge(52 * 3_600_000),
      formatAge(null),
    ]).toEqual(['4s', '12m', '3h 5m', '2d 4h', '—']);
  });
});

describe('healthRows', () => {
  it('gives every agent of a real fleet its state, time in state and team; unknown recovery stays null', async () => {
    const fleet = await realFleet({
      teams: [{ name: 'web' }],
      agents: [{ name: 'w1', team: 'web' }, { name: 'loose' }],
    });
    const now = Date.parse(fleet.state.agents[idOf(fleet.state, 'w1')]!.stateSince) + 90_000;
    const output = {
      bucketMs: 10_000,
      points: [
        { at: iso(now - 40_000), updates: 3 },
        { at: iso(now - 30_000), updates: 0 },
      ],
    };
    const rows = healthRows(
      fleet.state,
      {
        [idOf(fleet.state, 'w1')]: { current: null, transitions: [], outputRate: output, lastLine: '$ make' },
      },
      {},
      now,
    );
    const w1 = rows.find((r) => r.name === 'w1')!;
    expect(w1).toMatchObject({
      team: 'web',
      timeInStateMs: 90_000,
      lastOutputAgeMs: 30_000,
      lastLine: '$ make',
      heartbeatAgeMs: null,
      recoveries: null,
      breaker: null,
    });
    expect(rows.find((r) => r.name === 'loose')).toMatchObject({
      team: null,
      lastOutputAgeMs: null,
      lastLine: null,
    });
  });

  it('shows recovery.status of a real core: heartbeat age ticking from its time, attempts, last step, breaker or pause', async () => {
    const fleet = await realFleet({ agents: [{ name: 'w1' }] });
    const w1 = idOf(fleet.state, 'w1');
    const { agents } = (await fleet.orchestrator.invoke(humanCaller, 'recovery.status', {})) as {
      agents: AgentRecoveryStatus[];
    };
    const status = agents.find((a) => a.agentId === w1)!;
    const at = fleet.clock.now();
    const live: AgentRecoveryStatus = {
      ...status,
      heartbeat: { at: iso(at), source: 'output', ageMs: 0 },
      totalAttempts: 2,
      breaker: 'open',
      lastStep: { step: 'restart', outcome: 'failed', detail: 'still silent', at: iso(at) },
      episode: { trigger: 'hung', startedAt: iso(at), step: 'restart', attempts: { nudge: 1, restart: 1 } },
    };
    const [row] = healthRows(fleet.state, {}, { [w1]: recoverySummary(live) }, at + 42_000);
    expect(row).toMatchObject({
      heartbeatAgeMs: 42_000,
      heartbeatSource: 'output',
      recoveries: 2,
      lastRecovery: 'restart · failed',
      recovering: 'hung: restart',
      breaker: 'open',
    });
    const [paused] = healthRows(fleet.state, {}, { [w1]: recoverySummary({ ...status, paused: true }) }, at);
    expect(paused).toMatchObject({ breaker: 'paused', recoveries: 0, recovering: null });
  });

  it('reads the last output as "< 10s ago" inside the bucket under way, else as the time since its end', () => {
    expect(lastOutputText({ lastOutputAgeMs: 0, lastOutputResolutionMs: 10_000 })).toBe('< 10s ago');
    expect(lastOutputText({ lastOutputAgeMs: 40_000, lastOutputResolutionMs: 10_000 })).toBe('40s ago');
    expect(lastOutputText({ lastOutputAgeMs: null, lastOutputResolutionMs: null })).toBe('—');
  });

  it('lastOutputAt is the end of the newest bucket with updates, never after now', () => {
    expect(
      lastOutputAt(
        {
          bucketMs: 10,
          points: [
            { at: iso(t0), updates: 1 },
            { at: iso(t0 + 10), updates: 0 },
          ],
        },
        t0 + 100,
      ),
    ).toBe(t0 + 10);
    expect(lastOutputAt({ bucketMs: 10, points: [{ at: iso(t0), updates: 1 }] }, t0 + 4)).toBe(t0 + 4);
    expect(lastOutputAt({ bucketMs: 10, points: [{ at: iso(t0), updates: 0 }] }, t0 + 100)).toBeNull();
  });
});

describe('sortRows and filterRows', () => {
  const row = (
    name: string,
    state: HealthRow['state'],
    counter: HealthRow['counter'],
    timeInStateMs: number,
    lastOutputAgeMs: number | null,
  ): HealthRow => ({
    agentId: name,
    name,
    kind: 'shell',
    role: 'builder',
    team: null,
    state,
    counter,
    timeInStateMs,
    lastOutputAgeMs,
    lastLine: `${name} output`,
    lastOutputResolutionMs: null,
    confidence: null,
    heartbeatAgeMs: null,
    heartbeatSource: null,
    recoveries: null,
    lastRecovery: null,
    recovering: null,
    breaker: null,
    paneId: null,
  });
  const rows = [
    row('b', 'idle', 'idle', 5, 10),
    row('a', 'working', 'working', 50, null),
    row('c', 'error', 'error', 1, 3),
    row('d', 'waiting_for_input', 'waiting', 9, 1),
  ];

  it('sorts by state with the ones needing a person first, and by time either way', () => {
    expect(sortRows(rows, 'state').map((r) => r.name)).toEqual(['c', 'd', 'a', 'b']);
    expect(sortRows(rows, 'timeInState', 'descending').map((r) => r.name)).toEqual(['a', 'd', 'b', 'c']);
    expect(sortRows(rows, 'name', 'descending').map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('sorts names as a person counts: t0-2 before t0-10', () => {
    const batch = ['t0-10', 't0-2', 't0-1', 't1-1'].map((name) => row(name, 'idle', 'idle', 1, null));
    expect(sortRows(batch, 'name').map((r) => r.name)).toEqual(['t0-1', 't0-2', 't0-10', 't1-1']);
    // Ties on the column keep that order too.
    expect(sortRows(batch, 'state').map((r) => r.name)).toEqual(['t0-1', 't0-2', 't0-10', 't1-1']);
  });

  it('keeps unknown values last in both directions', () => {
    expect(sortRows(rows, 'lastOutput').map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
    expect(sortRows(rows, 'lastOutput', 'descending').map((r) => r.name)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('filters by words and by counters', () => {
    expect(filterRows(rows, 'waiting').map((r) => r.name)).toEqual(['d']);
    expect(filterRows(rows, 'c output').map((r) => r.name)).toEqual(['c']);
    expect(filterRows(rows, '', new Set(['error', 'idle'])).map((r) => r.name)).toEqual(['b', 'c']);
  });
});

describe('time series', () => {
  it('stateTimeline counts each agent in the state it was in at every step', () => {
    const a = [
      transition('starting', t0),
      transition('working', t0 + 60_000),
      transition('waiting_for_input', t0 + 150_000),
    ];
    const b = [transition('idle', t0 + 90_000)];
    const timeline = stateTimeline([a, b], t0, t0 + 180_000, 60_000);
    expect(timeline.times).toEqual([0, 1, 2, 3].map((m) => (t0 + m * 60_000) / 1000));
    expect(timeline.series.working).toEqual([0, 1, 1, 0]);
    expect(timeline.series.waiting).toEqual([0, 0, 0, 1]);
    expect(timeline.series.idle).toEqual([0, 0, 1, 1]);
    expect(timeline.series.other).toEqual([1, 0, 0, 0]);
    // Between steps the chart still ends now, with the agents as they are now.
    const now = stateTimeline([a, b], t0, t0 + 170_000, 60_000);
    expect(now.times.at(-1)).toBe((t0 + 170_000) / 1000);
    expect(now.series.waiting).toEqual([0, 0, 0, 1]);
  });

  it("stateTimeline with each agent's current state: a lost agent (not in the health history) counts as lost, not as working", () => {
    const history = [transition('working', t0)];
    const lost = { state: 'lost' as const, stateSince: iso(t0 + 90_000) };
    const timeline = stateTimeline([withCurrentState(history, lost)], t0, t0 + 180_000, 60_000);
    expect(timeline.series.working).toEqual([1, 1, 0, 0]);
    expect(timeline.series.error).toEqual([0, 0, 1, 1]);
    // An agent already in the state its history ends in is left as it is; with no history, from stateSince.
    expect(withCurrentState(history, { state: 'working', stateSince: iso(t0 + 5) })).toBe(history);
    expect(withCurrentState([], lost).map((t) => [t.state, t.since])).toEqual([['lost', iso(t0 + 90_000)]]);
  });

  it("fleetOutputRate adds the agents' buckets up from the start of the window", () => {
    const rate = (updates: number[]) => ({
      bucketMs: 10_000,
      points: updates.map((n, i) => ({ at: iso(t0 + i * 10_000), updates: n })),
    });
    const sum = fleetOutputRate([rate([1, 2, 3]), rate([0, 5]), null], t0 + 10_000);
    expect(sum.times).toEqual([(t0 + 10_000) / 1000, (t0 + 20_000) / 1000]);
    expect(sum.series.updates).toEqual([7, 3]);
  });

  it('fleetOutputRate with no bucket at all: the last minute at 0, so the chart has an axis and a line', () => {
    const to = t0 + 3_600_000;
    for (const rates of [[], [null], [{ bucketMs: 10_000, points: [] }]]) {
      const none = fleetOutputRate(rates, t0, to);
      expect(none.times).toEqual([(to - 60_000) / 1000, to / 1000]);
      expect(none.series.updates).toEqual([0, 0]);
    }
    // Without an end, as before: nothing.
    expect(fleetOutputRate([], t0).times).toEqual([]);
  });

  it('messagesPerMinute buckets send times by minute and ignores those outside', () => {
    const perMinute = messagesPerMinute(
      [t0 - 1, t0, t0 + 59_999, t0 + 60_000, t0 + 150_000, t0 + 999_999],
      t0,
      t0 + 179_999,
    );
    expect(perMinute.series.messages).toEqual([2, 1, 1]);
  });
});
