import { describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import {
  INBOX_BYTES_ENV,
  INBOX_MESSAGES_ENV,
  MEMORY_QUOTA_ENV,
  storageQuotasFromEnv,
} from '../src/storage-quotas';

describe('storage quotas from the environment', () => {
  it("takes the human's numbers, leaves core's defaults when unset, and refuses anything but a whole number", () => {
    expect(storageQuotasFromEnv({})).toEqual({});
    expect(storageQuotasFromEnv({ [MEMORY_QUOTA_ENV]: ' 64 ' })).toEqual({
      memory: { maxBytesPerAuthor: 64 * 1024 * 1024 },
    });
    expect(storageQuotasFromEnv({ [INBOX_MESSAGES_ENV]: '500' })).toEqual({
      messaging: { inboxQuota: { maxMessages: 500, maxBytes: 32 * 1024 * 1024 } },
    });
    expect(storageQuotasFromEnv({ [INBOX_BYTES_ENV]: '2' })).toEqual({
      messaging: { inboxQuota: { maxMessages: 10_000, maxBytes: 2 * 1024 * 1024 } },
    });
    expect(
      storageQuotasFromEnv({ SWITCHBOARD_HOLDINGS_LEADER_GROUPS: '7', SWITCHBOARD_HOLDINGS_LEASES: '9' }),
    ).toEqual({
      holdings: { leaderGroups: 7, leases: 9 },
    });
    expect(() => storageQuotasFromEnv({ SWITCHBOARD_HOLDINGS_PLANS: '0' })).toThrow(
      'SWITCHBOARD_HOLDINGS_PLANS',
    );
    for (const bad of ['0', '-1', '1.5', '16MiB', '1e9', '9999999999'])
      expect(() => storageQuotasFromEnv({ [MEMORY_QUOTA_ENV]: bad })).toThrow(MEMORY_QUOTA_ENV);
  });

  it("an agent's memory is held to the quota set there", async () => {
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: createMemoryBackend(),
      ...storageQuotasFromEnv({ [MEMORY_QUOTA_ENV]: '1' }),
    });
    try {
      const { id } = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
        name: 'a',
        role: 'builder',
      })) as {
        id: string;
      };
      const put = (key: string) =>
        orchestrator.invoke({ kind: 'agent', id }, 'memory.put', {
          namespace: 'agent',
          key,
          value: 'v'.repeat(60 * 1024),
        });
      for (let i = 0; i < 17; i++) await put(`k${i}`);
      await expect(put('k17')).rejects.toMatchObject({
        code: 'rate_limited',
        details: { limitBytes: 1024 * 1024 },
      });
    } finally {
      await orchestrator.close();
    }
  });
});
