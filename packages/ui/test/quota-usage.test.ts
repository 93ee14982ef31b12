import { describe, expect, it, vi } from 'vitest';
import { sortRows } from '../src/health/health-rows';
import {
  closestGauge,
  formatBytes,
  formatCount,
  gaugesOf,
  levelOf,
  percentText,
  withQuotaShares,
} from '../src/health/quota-usage';

const MiB = 1024 * 1024;
const usage = (memory: number, messages: number, bytes: number) => ({
  agentId: 'a',
  memory: { usedBytes: memory, limitBytes: 16 * MiB },
  inbox: { messages, maxMessages: 10_000, bytes, maxBytes: 32 * MiB },
});

describe('quota gauges', () => {
  it('reads bytes as a person does', () => {
    expect([0, 512, 1536, 16 * MiB, 12.25 * MiB, 3 * 1024 * MiB].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '1.5 KiB',
      '16 MiB',
      '12 MiB',
      '3 GiB',
    ]);
  });

  it("groups a count's thousands as 'en-US' does, without asking ICU (the chart's first load reads 200 agents' quotas)", () => {
    const counts = [0, 7, 999, 1_000, 10_000, 12_345, 999_999, 1_000_000, 123_456_789];
    expect(counts.map(formatCount)).toEqual(counts.map((n) => n.toLocaleString('en-US')));
    const toLocale = vi.spyOn(Number.prototype, 'toLocaleString');
    try {
      expect(gaugesOf(usage(13 * MiB, 1_812, 2048))[1]!.text).toBe('1,812 of 10,000');
      expect(toLocale).not.toHaveBeenCalled();
    } finally {
      toLocale.mockRestore();
    }
  });

  it('never rounds a little use down to a misleading 0 %', () => {
    expect([0, 1 / 10_000, 0.0099, 0.01, 0.854, 1, 1.3].map(percentText)).toEqual([
      '0 %',
      '< 1 %',
      '< 1 %',
      '1 %',
      '85 %',
      '100 %',
      '100 %',
    ]);
  });

  it('warns above 80 % of a limit and says full at it', () => {
    expect([0, 0.8, 0.81, 0.999, 1, 1.2].map(levelOf)).toEqual(['ok', 'ok', 'warn', 'warn', 'full', 'full']);
  });

  it("gives an agent's three quotas with their text, and the one it is closest to", () => {
    const gauges = gaugesOf(usage(13 * MiB, 812, 2048));
    expect(gauges.map((g) => [g.name, g.text, g.level])).toEqual([
      ['memory', '13 MiB of 16 MiB', 'warn'],
      ['inbox messages', '812 of 10,000', 'ok'],
      ['inbox bytes', '2 KiB of 32 MiB', 'ok'],
    ]);
    expect(closestGauge(usage(13 * MiB, 812, 2048)).name).toBe('memory');
    expect(closestGauge(usage(0, 10_000, 2048))).toMatchObject({ name: 'inbox messages', level: 'full' });
    // A limit of 0 (a quota turned off to nothing) reads as 0 %, not NaN.
    expect(gaugesOf({ ...usage(5, 0, 0), memory: { usedBytes: 5, limitBytes: 0 } })[0]!.share).toBe(0);
  });
});

describe('the health table sorted by quota', () => {
  it('puts the agent closest to a quota last ascending, first descending; unknown usage always last', () => {
    const base = { kind: 'shell', role: 'builder', team: null, state: 'idle', counter: 'idle' } as const;
    const rows = ['far', 'close', 'unknown', 'mid'].map((name) => ({
      ...base,
      agentId: name,
      name,
      timeInStateMs: 0,
      lastOutputAgeMs: null,
      lastOutputResolutionMs: null,
      lastLine: null,
      confidence: null,
      heartbeatAgeMs: null,
      heartbeatSource: null,
      recoveries: null,
      lastRecovery: null,
      recovering: null,
      breaker: null,
      paneId: null,
    }));
    const quotas = {
      far: { ...usage(MiB, 0, 0), agentId: 'far' },
      close: { ...usage(0, 9_500, 0), agentId: 'close' },
      mid: { ...usage(0, 0, 16 * MiB), agentId: 'mid' },
    };
    const shared = withQuotaShares(rows, quotas);
    expect(shared.map((r) => [r.name, r.quotaShare])).toEqual([
      ['far', 1 / 16],
      ['close', 0.95],
      ['unknown', null],
      ['mid', 0.5],
    ]);
    expect(sortRows(shared, 'quota', 'descending').map((r) => r.name)).toEqual([
      'close',
      'mid',
      'far',
      'unknown',
    ]);
    expect(sortRows(shared, 'quota', 'ascending').map((r) => r.name)).toEqual([
      'far',
      'mid',
      'close',
      'unknown',
    ]);
  });
});
