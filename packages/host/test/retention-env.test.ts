import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type RetentionStatus } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { RETENTION_INTERVAL_ENV, retentionEnvName, retentionFromEnv } from '../src/retention-env';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

describe('retention limits from the environment', () => {
  it("takes the human's numbers and 'none', leaves core's defaults when unset, and refuses anything else by name", () => {
    expect(retentionEnvName('humanInbox', 'ROWS')).toBe('SWITCHBOARD_RETENTION_HUMAN_INBOX_ROWS');
    expect(retentionFromEnv({})).toEqual({});
    expect(
      retentionFromEnv({
        SWITCHBOARD_RETENTION_MESSAGES_DAYS: ' 7 ',
        SWITCHBOARD_RETENTION_HUMAN_INBOX_ROWS: '500',
        SWITCHBOARD_RETENTION_APPROVALS_ROWS: 'none',
        [RETENTION_INTERVAL_ENV]: '60',
      }),
    ).toEqual({
      retention: {
        limits: { messages: { maxAgeDays: 7 }, humanInbox: { maxRows: 500 }, approvals: { maxRows: null } },
        intervalMinutes: 60,
      },
    });
    for (const bad of ['-1', '1.5', '30d', '1e9', '99999999999', 'forever'])
      expect(() => retentionFromEnv({ SWITCHBOARD_RETENTION_VOTES_DAYS: bad })).toThrow(
        'SWITCHBOARD_RETENTION_VOTES_DAYS',
      );
    for (const bad of ['0', 'none', '10081'])
      expect(() => retentionFromEnv({ [RETENTION_INTERVAL_ENV]: bad })).toThrow(RETENTION_INTERVAL_ENV);
    // The audit keeps at least its last day and newest 1,000 entries; 'none' (no limit) is fine.
    expect(() => retentionFromEnv({ SWITCHBOARD_RETENTION_AUDIT_DAYS: '0' })).toThrow(
      'SWITCHBOARD_RETENTION_AUDIT_DAYS / SWITCHBOARD_RETENTION_AUDIT_ROWS: the audit keeps at least',
    );
    expect(() => retentionFromEnv({ SWITCHBOARD_RETENTION_AUDIT_ROWS: '999' })).toThrow('newest 1000');
    expect(
      retentionFromEnv({
        SWITCHBOARD_RETENTION_AUDIT_DAYS: 'none',
        SWITCHBOARD_RETENTION_AUDIT_ROWS: '1000',
      }),
    ).toEqual({ retention: { limits: { audit: { maxAgeDays: null, maxRows: 1000 } } } });
  });

  it('the orchestrator starts with them; what the human configures wins', async () => {
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: createMemoryBackend(),
      ...retentionFromEnv({ SWITCHBOARD_RETENTION_MESSAGES_ROWS: '1000', [RETENTION_INTERVAL_ENV]: '5' }),
    });
    open.push(orchestrator);
    const get = () => orchestrator.invoke(humanCaller, 'retention.get', {}) as Promise<RetentionStatus>;
    const status = await get();
    expect(status.limits.messages).toEqual({ maxAgeDays: 30, maxRows: 1000 });
    expect(status.intervalMinutes).toBe(5);
    await orchestrator.invoke(humanCaller, 'retention.configure', { limits: { messages: { maxRows: 50 } } });
    expect((await get()).limits.messages).toEqual({ maxAgeDays: 30, maxRows: 50 });
  });
});
