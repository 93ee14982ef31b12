import { describe, expect, it } from 'vitest';
import { closestGauge, formatBytes, gaugesOf, levelOf } from '../src/health/quota-usage';

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
