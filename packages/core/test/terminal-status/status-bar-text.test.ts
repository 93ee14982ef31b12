import { describe, expect, it } from 'vitest';
import { agentStatusVariants, durationText, fleetSummaryText } from '../../src/index';

const since = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

describe('status-bar texts', () => {
  it('durations and the fleet summary, what needs the person first', () => {
    expect([0, 59_999, 60_000, 3_599_000, 3_600_000, 7_500_000, 90_000_000].map(durationText)).toEqual([
      '0s',
      '59s',
      '1m',
      '59m',
      '1h 0m',
      '2h 5m',
      '1d 1h',
    ]);
    const line = (state: 'working' | 'waiting_for_input' | 'error' | 'idle', approvals = 0) => ({
      state,
      since: since(0),
      approvals,
    });
    expect(
      fleetSummaryText([
        ...Array.from({ length: 12 }, () => line('working')),
        line('waiting_for_input', 1),
        line('waiting_for_input'),
        line('idle'),
      ]),
    ).toBe('2 waiting · 12 working · 1 idle · 1 approval');
    expect(fleetSummaryText([])).toBe('no agents');
    expect(agentStatusVariants(line('idle', 3), Date.now())[0]).toBe('idle · 0s · 3 approvals');
  });
});
