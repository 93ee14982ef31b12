// The upgrade step for databases read by a Switchboard before 1e53355, where every read of the recovery policy
// stored the whole merged policy: the old default (exits restarted) sat in SQLite as if the human had chosen it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOVERY_POLICY,
  RESTART_EXITED_LADDER,
  humanCaller,
  type RecoveryPolicy,
} from '@switchboard/protocol';
import { coreMigrations, createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { PRE_SESSION_24_DEFAULT_POLICY } from '../../src/recovery/pre-session-24-policy';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

let orchestrator: Orchestrator | undefined;
afterEach(async () => {
  await orchestrator?.close();
  orchestrator = undefined;
});

/** A database as a Switchboard before this upgrade left it (recovery at its first schema), holding `stored` as the policy. */
function databaseFromBefore(stored: unknown): string {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-old-policy-')), 'switchboard.db');
  const before = coreMigrations.map((domain) =>
    domain.domain === 'recovery' ? { ...domain, migrations: domain.migrations.slice(0, 1) } : domain,
  );
  const store = openStore(databasePath, before);
  store.db
    .prepare("INSERT INTO recovery_settings (key, value) VALUES ('policy', ?)")
    .run(JSON.stringify(stored));
  store.close();
  return databasePath;
}

async function policyAfterUpgrade(databasePath: string): Promise<RecoveryPolicy> {
  await orchestrator?.close();
  orchestrator = createOrchestrator({
    databasePath,
    dataDir: join(databasePath, '..'),
    backend: createMemoryBackend(),
    clock: new FakeClock(),
  });
  await orchestrator.ready;
  return (await orchestrator.invoke(humanCaller, 'recovery.policy', {})) as RecoveryPolicy;
}

const withoutNudgeVia = (policy: RecoveryPolicy) => {
  const { nudgeVia: _dropped, ...rest } = policy;
  return rest;
};

describe('upgrading a recovery policy stored by a read before 1e53355', () => {
  it('the old default, stored as every read stored it (with or without nudgeVia, keys in any order), is dropped: exits are left alone', async () => {
    const reordered = Object.fromEntries(Object.entries(PRE_SESSION_24_DEFAULT_POLICY).reverse());
    for (const stored of [
      PRE_SESSION_24_DEFAULT_POLICY,
      withoutNudgeVia(PRE_SESSION_24_DEFAULT_POLICY),
      reordered,
    ]) {
      const policy = await policyAfterUpgrade(databaseFromBefore(stored));
      expect(policy).toEqual(DEFAULT_RECOVERY_POLICY);
      expect(policy.exitedLadder).toEqual([]);
    }
  });

  it('a policy the human edited is kept, whatever part differs', async () => {
    const edits: RecoveryPolicy[] = [
      { ...PRE_SESSION_24_DEFAULT_POLICY, exitedLadder: ['restart', 'escalate'] },
      {
        ...PRE_SESSION_24_DEFAULT_POLICY,
        hungAfterMs: { ...PRE_SESSION_24_DEFAULT_POLICY.hungAfterMs, default: 60_000 },
      },
      {
        ...PRE_SESSION_24_DEFAULT_POLICY,
        steps: { ...PRE_SESSION_24_DEFAULT_POLICY.steps, restart: { attempts: 2, coolDownMs: 120_000 } },
      },
      { ...PRE_SESSION_24_DEFAULT_POLICY, nudgeVia: 'text' },
      { ...PRE_SESSION_24_DEFAULT_POLICY, exitedLadder: [] },
    ];
    for (const edited of edits) expect(await policyAfterUpgrade(databaseFromBefore(edited))).toEqual(edited);
  });

  it('runs once: the same policy written afterwards ("Restart exited agents") survives later starts', async () => {
    const databasePath = databaseFromBefore(PRE_SESSION_24_DEFAULT_POLICY);
    expect((await policyAfterUpgrade(databasePath)).exitedLadder).toEqual([]);
    const written = (await orchestrator!.invoke(humanCaller, 'recovery.configure', {
      exitedLadder: [...RESTART_EXITED_LADDER],
    })) as RecoveryPolicy;
    expect(written).toEqual(PRE_SESSION_24_DEFAULT_POLICY);
    expect(await policyAfterUpgrade(databasePath)).toEqual(PRE_SESSION_24_DEFAULT_POLICY);
  });
});
