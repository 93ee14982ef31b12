import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { pruneAuditLog } from '../../src/audit/audit-retention';
import type { LogLimits } from '../../src/store/log-limits';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';
import { swapEntries } from './tamper';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A log of `entries` entries, one an hour. */
function setup(entries: number, path = ':memory:') {
  const store = openStore(path, [auditMigrations]);
  const clock = new FakeClock();
  const log = new AuditLog(store, clock);
  for (let i = 1; i <= entries; i++) {
    log.append({ actor: { kind: 'agent', id: `agent-${i % 3}` }, action: 'test.did', details: { i } });
    clock.advance(HOUR);
  }
  const prune = (limits: LogLimits, batchRows = 500) =>
    pruneAuditLog(store, log, limits, clock.now(), batchRows);
  const sequences = () => log.list({ limit: 1000 }).map((e) => e.sequence);
  return { store, db: store.db, clock, log, prune, sequences };
}

describe('audit retention: the oldest entries go, the chain still proves the rest', () => {
  it('prunes beyond the row cap, records it on the chain and verifies from the anchor', () => {
    const { log, prune, sequences } = setup(50);
    expect(prune({ maxAgeDays: null, maxRows: 10 })).toBe(40);
    expect(sequences()).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
    const record = log.list({ action: 'audit.pruned' })[0]!;
    expect(record).toMatchObject({ sequence: 51, actor: { kind: 'system' }, outcome: 'automatic' });
    expect(record.details).toMatchObject({ throughSequence: 40, entries: 40, maxRows: 10 });
    const verdict = log.verify();
    expect(verdict).toMatchObject({ ok: true, checked: 11, firstBad: null });
    expect(verdict.pruned).toMatchObject({ fromSequence: 41, prunedAt: '2026-01-03T02:00:00.000Z' });
    expect(verdict.pruned!.message).toBe(
      'verified from entry 41 (entries before it were pruned by retention on 2026-01-03T02:00:00.000Z)',
    );
    // At the cap, a second sweep has nothing to do and writes nothing.
    expect(prune({ maxAgeDays: null, maxRows: 10 })).toBe(0);
    expect(sequences()).toHaveLength(11);
  });

  it('prunes by age, in batches, and the chain verifies after each batch', () => {
    const { log, prune, sequences } = setup(100);
    // The clock is 100 h after the first entry: a day's limit keeps the last 24 h.
    const pruned: number[] = [];
    for (
      let n = prune({ maxAgeDays: 1, maxRows: null }, 16);
      n > 0;
      n = prune({ maxAgeDays: 1, maxRows: null }, 16)
    ) {
      pruned.push(n);
      expect(log.verify().ok).toBe(true);
    }
    expect(pruned).toEqual([16, 16, 16, 16, 12]);
    const kept = sequences().filter((s) => s <= 100);
    expect(kept[0]).toBe(77);
    expect(kept).toHaveLength(24);
    expect(log.list({ action: 'audit.pruned', limit: 10 })).toHaveLength(5);
  });

  it('without a prune the verdict says nothing of one', () => {
    const { log } = setup(3);
    expect(log.verify()).toEqual({ ok: true, checked: 3, firstBad: null });
  });

  it('reports entries removed at the start of the kept chain when the anchor did not move', () => {
    const { log, db, prune } = setup(30);
    prune({ maxAgeDays: null, maxRows: 20 });
    db.prepare('DELETE FROM audit_log WHERE sequence <= 13').run();
    expect(log.verify().firstBad).toMatchObject({ sequence: 11, problem: 'removed' });
  });

  it('reports entries removed at the start with the anchor moved by hand (no retention record names it)', () => {
    const { log, db, prune } = setup(30);
    prune({ maxAgeDays: null, maxRows: 20 });
    const moved = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log WHERE sequence = 13').get()!;
    db.prepare('DELETE FROM audit_log WHERE sequence <= 13').run();
    db.prepare('UPDATE audit_anchor SET sequence = 13, hash = ?').run(moved.hash);
    const verdict = log.verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBad).toMatchObject({ sequence: 13, problem: 'removed' });
    expect(verdict.firstBad!.message).toContain('not where retention last left it (entry 10)');
  });

  it('reports an anchor moved when no prune ever happened, and an anchor deleted after one', () => {
    const forged = setup(10);
    const at5 = forged.db
      .prepare<[], { hash: string }>('SELECT hash FROM audit_log WHERE sequence = 5')
      .get()!;
    forged.db.prepare('DELETE FROM audit_log WHERE sequence <= 5').run();
    forged.db
      .prepare(
        "INSERT INTO audit_anchor (id, sequence, hash, pruned_at) VALUES (1, 5, ?, '2026-01-01T00:00:00Z')",
      )
      .run(at5.hash);
    expect(forged.log.verify().firstBad).toMatchObject({ sequence: 5, problem: 'removed' });

    const dropped = setup(10);
    dropped.prune({ maxAgeDays: null, maxRows: 4 });
    dropped.db.prepare('DELETE FROM audit_anchor').run();
    expect(dropped.log.verify().firstBad).toMatchObject({ sequence: 1, problem: 'removed' });
  });

  it('detects edits, removals and swaps among the kept entries after a prune', () => {
    const cases = [
      { tamper: "UPDATE audit_log SET target = 'forged' WHERE sequence = 25", problem: 'edited' },
      { tamper: 'DELETE FROM audit_log WHERE sequence = 25', problem: 'removed' },
      { tamper: 'DELETE FROM audit_log WHERE sequence >= 29', problem: 'removed', at: 29 },
    ];
    for (const { tamper, problem, at } of cases) {
      const { log, db, prune } = setup(30);
      prune({ maxAgeDays: null, maxRows: 10 });
      db.prepare(tamper).run();
      expect(log.verify().firstBad).toMatchObject({ sequence: at ?? 25, problem });
    }
    const { log, db, prune } = setup(30);
    prune({ maxAgeDays: null, maxRows: 10 });
    swapEntries(db, 25);
    expect(log.verify().firstBad).toMatchObject({ sequence: 25, problem: 'reordered' });
  });

  it('never prunes past a tampered entry: the evidence stays for audit.verify', () => {
    const { log, db, prune, sequences } = setup(20);
    db.prepare("UPDATE audit_log SET target = 'forged' WHERE sequence = 6").run();
    expect(prune({ maxAgeDays: null, maxRows: 0 })).toBe(5);
    expect(prune({ maxAgeDays: null, maxRows: 0 })).toBe(0);
    expect(sequences()[0]).toBe(6);
    expect(log.verify().firstBad).toMatchObject({ sequence: 6, problem: 'edited' });
  });

  it('a restart after a prune verifies, and the chain goes on from its head', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-retention-'));
    dirs.push(dir);
    const path = join(dir, 'switchboard.db');
    const first = setup(40, path);
    expect(first.prune({ maxAgeDays: null, maxRows: 5 })).toBe(35);
    first.store.close();
    const store = openStore(path, [auditMigrations]);
    const log = new AuditLog(store, new FakeClock());
    expect(log.verify()).toMatchObject({ ok: true, checked: 6, pruned: { fromSequence: 36 } });
    log.append({ actor: { kind: 'human', id: 'human' }, action: 'after.restart' });
    expect(log.verify()).toMatchObject({ ok: true, checked: 7 });
    expect(log.list({ newestFirst: true, limit: 1 })[0]).toMatchObject({ sequence: 42 });
    store.close();
  });
});
