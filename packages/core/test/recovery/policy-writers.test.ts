import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECOVERY_POLICY, humanCaller, type RecoveryPolicy } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';

let orchestrator: Orchestrator | undefined;
afterEach(async () => {
  await orchestrator?.close();
  orchestrator = undefined;
});

const storedPolicyRows = (databasePath: string): number => {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM recovery_settings WHERE key = 'policy'").pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('who writes the recovery policy', () => {
  it('only the human: an agent, a manager included, is refused and nothing changes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-policy-writers-'));
    const databasePath = join(dataDir, 'db.sqlite');
    orchestrator = createOrchestrator({
      databasePath,
      dataDir,
      backend: createMemoryBackend(),
      clock: new FakeClock(),
    });
    const changes: RecoveryPolicy[] = [];
    orchestrator.subscribe((event) => {
      if (event.type === 'recovery.policy_changed') changes.push(event.policy);
    });
    const human = <T>(name: string, input: unknown) =>
      orchestrator!.invoke(humanCaller, name, input) as Promise<T>;
    // No role can be granted it, and a glob over recovery.* grants nothing more: the contract admits only the human.
    const { roles } = await human<{ roles: { name: string; commands: string[] }[] }>('role.list', {});
    const manager = roles.find((role) => role.name === 'manager')!;
    await expect(
      human('role.update', { name: 'manager', commands: [...manager.commands, 'recovery.configure'] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await human('role.update', { name: 'manager', commands: [...manager.commands, 'recovery.*'] });
    const spawned = await orchestrator.fleet.spawn({ name: 'boss', kind: 'shell', role: 'manager' });
    const worker = await orchestrator.fleet.spawn({ name: 'w1', kind: 'shell', role: 'builder' });
    for (const { agent } of [spawned, worker]) {
      const caller = { kind: 'agent' as const, id: agent.id };
      await expect(
        orchestrator.invoke(caller, 'recovery.configure', { exitedLadder: ['restart'] }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      for (const read of ['recovery.configure', 'recovery.policy'])
        await expect(orchestrator.invoke(caller, read, {})).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(await human<RecoveryPolicy>('recovery.configure', {})).toEqual(DEFAULT_RECOVERY_POLICY);
    expect(await human<RecoveryPolicy>('recovery.policy', {})).toEqual(DEFAULT_RECOVERY_POLICY);
    // Reading stores nothing: a policy the human never wrote keeps following the default.
    expect(storedPolicyRows(databasePath)).toBe(0);
    // The UI's read (`recovery.policy`) is no change: the audit log does not list it.
    const audited = async (action: string) =>
      (await human<{ entries: unknown[] }>('audit.list', { action })).entries.length;
    expect(await audited('recovery.policy')).toBe(0);
    expect(changes).toEqual([]);

    const written = await human<RecoveryPolicy>('recovery.configure', {
      exitedLadder: ['restart', 'escalate'],
    });
    expect(written.exitedLadder).toEqual(['restart', 'escalate']);
    expect(storedPolicyRows(databasePath)).toBe(1);
    expect(changes).toEqual([written]);
    expect((await human<RecoveryPolicy>('recovery.policy', {})).exitedLadder).toEqual([
      'restart',
      'escalate',
    ]);
    await expect(
      orchestrator.invoke({ kind: 'agent', id: worker.agent.id }, 'recovery.configure', { exitedLadder: [] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await human<RecoveryPolicy>('recovery.configure', {})).exitedLadder).toEqual([
      'restart',
      'escalate',
    ]);
  });
});
