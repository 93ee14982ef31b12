import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';
import { swapEntries } from './tamper';

function setup(entries = 6) {
  const store = openStore(':memory:', [auditMigrations]);
  const log = new AuditLog(store, new FakeClock());
  for (let i = 1; i <= entries; i++)
    log.append({
      actor: { kind: 'agent', id: `agent-${i}` },
      action: 'test.did',
      target: `t-${i}`,
      details: { i },
    });
  return { store, log, db: store.db };
}

describe('audit log: a SHA-256 hash chain', () => {
  it('links each entry to the one before and verifies clean', () => {
    const { log } = setup();
    const entries = log.list();
    expect(entries.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries[0]!.previousHash).toBe('0'.repeat(64));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.previousHash).toBe(entries[i - 1]!.hash);
    expect(log.verify()).toEqual({ ok: true, checked: 6, firstBad: null });
  });

  it('redacts secrets in details before storing them', () => {
    const { log, db } = setup(0);
    log.append({
      actor: { kind: 'human', id: 'human' },
      action: 'x',
      details: { command: 'export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
    });
    const stored = db.prepare<[], { details: string }>('SELECT details FROM audit_log').get()!.details;
    expect(stored).not.toContain('ghp_abcdef');
    expect(stored).toContain('[REDACTED');
  });

  it('reports an edited entry', () => {
    const { log, db } = setup();
    db.prepare('UPDATE audit_log SET details = \'{"i":99}\' WHERE sequence = 3').run();
    expect(log.verify().firstBad).toMatchObject({ sequence: 3, problem: 'edited' });
  });

  it('reports an entry rewritten with a recomputed hash (the next link breaks)', async () => {
    const { entryHash } = await import('../../src/audit/audit-hash');
    const { log, db } = setup();
    const row = db.prepare<[], Record<string, string>>('SELECT * FROM audit_log WHERE sequence = 3').get()!;
    const forged = entryHash(row['previous_hash']!, {
      at: row['at']!,
      actorKind: row['actor_kind']!,
      actorId: 'someone-else',
      action: row['action']!,
      target: row['target']!,
      outcome: row['outcome']!,
      details: row['details']!,
    });
    db.prepare("UPDATE audit_log SET actor_id = 'someone-else', hash = ? WHERE sequence = 3").run(forged);
    expect(log.verify().firstBad).toMatchObject({ sequence: 3, problem: 'edited' });
  });

  it('reports a removed entry in the middle', () => {
    const { log, db } = setup();
    db.prepare('DELETE FROM audit_log WHERE sequence = 4').run();
    expect(log.verify().firstBad).toMatchObject({ sequence: 4, problem: 'removed' });
  });

  it('reports entries cut off the end', () => {
    const { log, db } = setup();
    db.prepare('DELETE FROM audit_log WHERE sequence >= 5').run();
    expect(log.verify().firstBad).toMatchObject({ sequence: 5, problem: 'removed' });
  });

  it('reports reordered entries', () => {
    const { log, db } = setup();
    swapEntries(db, 2);
    expect(log.verify().firstBad).toMatchObject({ sequence: 2, problem: 'reordered' });
  });

  it('lists by action and after a sequence', () => {
    const { log } = setup(3);
    log.append({ actor: { kind: 'system', id: 'switchboard' }, action: 'other.did', outcome: 'automatic' });
    expect(log.list({ action: 'other.did' }).map((e) => e.sequence)).toEqual([4]);
    expect(log.list({ afterSequence: 2 }).map((e) => e.sequence)).toEqual([3, 4]);
  });

  it('pages newest first: each page before the last one shown, filtered by action, to the very first entry', () => {
    const { log } = setup(7);
    for (let i = 0; i < 3; i++)
      log.append({ actor: { kind: 'system', id: 'switchboard' }, action: 'other.did', outcome: 'automatic' });
    const pages: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = log.list({ newestFirst: true, limit: 4, ...(before ? { beforeSequence: before } : {}) });
      if (page.length === 0) break;
      pages.push(page.map((e) => e.sequence));
      before = page.at(-1)!.sequence;
    }
    expect(pages).toEqual([
      [10, 9, 8, 7],
      [6, 5, 4, 3],
      [2, 1],
    ]);
    expect(log.list({ newestFirst: true, action: 'other.did', limit: 2 }).map((e) => e.sequence)).toEqual([
      10, 9,
    ]);
    expect(
      log.list({ newestFirst: true, action: 'other.did', beforeSequence: 9 }).map((e) => e.sequence),
    ).toEqual([8]);
    // In chain order, a range.
    expect(log.list({ afterSequence: 2, beforeSequence: 5 }).map((e) => e.sequence)).toEqual([3, 4]);
  });

  it('an append undone with its transaction (or only its savepoint) leaves the chain to continue from what was committed', () => {
    const { store, log } = setup(2);
    const entry = (i: number) => ({
      actor: { kind: 'agent' as const, id: `agent-${i}` },
      action: 'test.did',
      details: { i },
    });
    expect(() =>
      store.transaction(() => {
        log.append(entry(3));
        throw new Error('the change this entry belongs to failed');
      }),
    ).toThrow('failed');
    store.transaction(() => {
      try {
        store.transaction(() => {
          log.append(entry(4));
          throw new Error('a savepoint undone');
        });
      } catch {
        // the enclosing transaction goes on and commits
      }
    });
    log.append(entry(5));
    expect(log.list().map((e) => [e.sequence, (e.details as { i: number }).i])).toEqual([
      [1, 1],
      [2, 2],
      [3, 5],
    ]);
    expect(log.verify()).toEqual({ ok: true, checked: 3, firstBad: null });
  });
});
