import { describe, expect, it } from 'vitest';
import type { HealthTransition } from '@switchboard/protocol';
import { HealthHistory } from '../../src/health/health-history';
import { healthMigrations } from '../../src/health/health-migrations';
import { HEALTH_KEPT_PER_OPEN_AGENT, pruneHealthTransitions } from '../../src/health/health-retention';
import { RecoveryLog } from '../../src/recovery/recovery-log';
import { recoveryMigrations } from '../../src/recovery/recovery-migrations';
import { pruneRecoveryLog } from '../../src/recovery/recovery-retention';
import type { LogLimits } from '../../src/store/log-limits';
import { openStore, type Store } from '../../src/store/store';

const rowsOf = (store: Store, table: 'health_transitions' | 'recovery_log'): number =>
  store.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const transition = (atMs: number): HealthTransition => ({
  state: atMs % 2 ? 'working' : 'idle',
  since: new Date(atMs).toISOString(),
  confidence: 'high',
  unsure: false,
  signals: [],
});

/** `perAgent` transitions for each agent, one a minute, interleaved, starting `START`. */
function healthStore(agents: readonly string[], perAgent: number) {
  const store = openStore(':memory:', [healthMigrations]);
  const history = new HealthHistory(store);
  let at = START;
  for (let i = 0; i < perAgent; i++)
    for (const agent of agents) history.append(agent, transition((at += 60_000)));
  return { store, history, lastMs: at };
}

const sweep = (prune: (batch: number) => number, batch = 500) => {
  let total = 0;
  for (let n = prune(batch); n > 0; n = prune(batch)) total += n;
  return total;
};

describe('health transitions retention', () => {
  it('keeps an open agent’s newest 100 whatever their age; a closed agent’s go by the limits', () => {
    const { store, history, lastMs } = healthStore(['open', 'closed'], 300);
    const limits: LogLimits = { maxAgeDays: 0, maxRows: null };
    const dropped = sweep(
      (batch) => pruneHealthTransitions(store, ['open'], limits, lastMs + DAY, batch),
      64,
    );
    expect(dropped).toBe(300 - HEALTH_KEPT_PER_OPEN_AGENT + 300);
    expect(history.recent('open', 1000)).toHaveLength(HEALTH_KEPT_PER_OPEN_AGENT);
    expect(history.recent('open', 1).at(-1)!.since).toBe(new Date(lastMs - 60_000).toISOString());
    expect(history.recent('closed', 1000)).toEqual([]);
  });

  it('a quiet open agent’s old protected rows do not stop the sweep of newer ones behind them', () => {
    const store = openStore(':memory:', [healthMigrations]);
    const history = new HealthHistory(store);
    let at = START;
    for (let i = 0; i < 150; i++) history.append('quiet', transition((at += 60_000)));
    for (let i = 0; i < 1000; i++) history.append('busy', transition((at += 60_000)));
    const limits: LogLimits = { maxAgeDays: 0, maxRows: null };
    expect(sweep((batch) => pruneHealthTransitions(store, ['quiet'], limits, at + 1, batch), 16)).toBe(1050);
    expect(history.recent('quiet', 1000)).toHaveLength(HEALTH_KEPT_PER_OPEN_AGENT);
    expect(rowsOf(store, 'health_transitions')).toBe(HEALTH_KEPT_PER_OPEN_AGENT);
  });

  it('keeps the newest maxRows ids (and the protected ones below them), young rows by age', () => {
    const { store, history, lastMs } = healthStore(['a', 'b', 'c'], 1000);
    expect(
      sweep((batch) => pruneHealthTransitions(store, [], { maxAgeDays: null, maxRows: 900 }, lastMs, batch)),
    ).toBe(2100);
    expect(rowsOf(store, 'health_transitions')).toBe(900);
    // 900 transitions, one a minute (ids and minutes count together): the last day holds them all.
    const byAge = (nowMs: number) =>
      sweep((batch) => pruneHealthTransitions(store, ['a'], { maxAgeDays: 1, maxRows: null }, nowMs, batch));
    expect(byAge(lastMs)).toBe(0);
    // A day later all but the newest (c's) are a day old; a's newest 100 stay.
    expect(byAge(lastMs + DAY)).toBe(899 - HEALTH_KEPT_PER_OPEN_AGENT);
    expect(history.recent('a', 1000)).toHaveLength(HEALTH_KEPT_PER_OPEN_AGENT);
    expect(history.recent('b', 1000)).toEqual([]);
    expect(history.recent('c', 1000)).toHaveLength(1);
  });
});

describe('recovery log retention', () => {
  it('drops entries by age and beyond the cap, oldest first, and the log still answers', () => {
    const store = openStore(':memory:', [recoveryMigrations]);
    const log = new RecoveryLog(store);
    for (let i = 0; i < 2000; i++)
      log.append(
        {
          agentId: `agent-${i % 4}`,
          agentName: `n${i % 4}`,
          action: 'interrupt',
          trigger: 'hung',
          outcome: 'ok',
          reason: 'hung',
          detail: '',
          attempt: 1,
        },
        START + i * 60_000,
      );
    const lastMs = START + 1999 * 60_000;
    expect(
      sweep((batch) => pruneRecoveryLog(store, { maxAgeDays: null, maxRows: 1500 }, lastMs, batch), 128),
    ).toBe(500);
    expect(rowsOf(store, 'recovery_log')).toBe(1500);
    const oldest = log.query({ limit: 2000 }).at(-1)!;
    expect(oldest.at).toBe(new Date(START + 500 * 60_000).toISOString());
    // A day later: 1440 minutes back from lastMs + DAY is lastMs, so everything but the newest goes.
    expect(
      sweep((batch) => pruneRecoveryLog(store, { maxAgeDays: 1, maxRows: null }, lastMs + DAY, batch)),
    ).toBe(1499);
    expect(log.query({ agentId: 'agent-3', limit: 10 })).toHaveLength(1);
    expect(log.query({ agentId: 'agent-0', limit: 10 })).toEqual([]);
  });
});
