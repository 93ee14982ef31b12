import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type AuditVerification } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { runUntilKilled } from '../support/kill-child';

const ACKS = Number(process.env['STRESS'] === '1' ? 400 : 40);

/** Runs the child until it has acknowledged `acks` items, then SIGKILLs it mid-stream. */
async function runAndKill(databasePath: string, acks: number): Promise<{ acked: string[]; agentId: string }> {
  const acked: string[] = [];
  let agentId = '';
  await runUntilKilled(new URL('./crash-child.ts', import.meta.url), [databasePath], ([word, id]) => {
    if (word === 'ready') agentId = id!;
    if (word === 'ack') acked.push(id!);
    return acked.length === acks;
  });
  return { acked, agentId };
}

describe('crash: SIGKILL in the middle of a stream of approvals', () => {
  it('keeps every acknowledged approval pending exactly once, with its audit entries, and the chain verifies', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-crash-')), 'switchboard.db');
    const { acked, agentId } = await runAndKill(databasePath, ACKS);
    expect(acked.length).toBeGreaterThanOrEqual(ACKS);

    const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    const call = (name: string, input: unknown = {}) => orchestrator.invoke(humanCaller, name, input);
    const { approvals } = (await call('approval.list', { limit: 1000 })) as { approvals: Approval[] };
    const ids = approvals.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acked) expect(ids.filter((x) => x === id)).toHaveLength(1);
    // At most one item can have been written after the last ack printed (the kill landed in between).
    expect(ids.length - acked.length).toBeLessThanOrEqual(1);
    // The child's first agent asks 40, then a fresh one does (an agent may have at most 50 waiting).
    expect(approvals.filter((a) => a.requester === agentId)).toHaveLength(Math.min(ids.length, 40));
    expect(approvals.every((a) => a.status === 'pending' && a.requester.startsWith('agent-'))).toBe(true);

    const requested = orchestrator.audit.list({ action: 'approval.requested', limit: 1000 });
    expect(requested.map((e) => e.target).sort()).toEqual([...ids].sort());
    const teamsAudited = orchestrator.audit.list({ action: 'team.create', limit: 1000 }).length;
    expect(teamsAudited).toBeGreaterThanOrEqual(acked.length);
    expect((await call('audit.verify')) as AuditVerification).toMatchObject({ ok: true, firstBad: null });

    // The restarted host can still decide what survived, and the chain keeps verifying.
    await call('approval.decide', { decisions: ids.slice(0, 5).map((id) => ({ id, verdict: 'approve' })) });
    expect(((await call('audit.verify')) as AuditVerification).ok).toBe(true);
    await orchestrator.close();
  });

  it('detects tampering with the database file itself', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-tamper-')), 'switchboard.db');
    const first = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    for (const word of ['alpha', 'bravo', 'charlie']) {
      await first.invoke(humanCaller, 'approval.request', {
        kind: 'escalation',
        summary: `tamper-marker-${word}`,
      });
    }
    expect(first.audit.verify().ok).toBe(true);
    await first.close();
    new Database(databasePath).pragma('wal_checkpoint(TRUNCATE)');

    // Flip bytes in the file, as an editor would: same length, different content.
    const bytes = readFileSync(databasePath);
    const from = Buffer.from('tamper-marker-bravo');
    let at = bytes.indexOf(from);
    expect(at).toBeGreaterThan(0);
    while (at >= 0) {
      Buffer.from('tamper-marker-BRAVO').copy(bytes, at);
      at = bytes.indexOf(from, at + 1);
    }
    writeFileSync(databasePath, bytes);

    const second = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    const verdict = (await second.invoke(humanCaller, 'audit.verify', {})) as AuditVerification;
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBad).toMatchObject({ sequence: 2, problem: 'edited' });
    await second.close();
  });
});
