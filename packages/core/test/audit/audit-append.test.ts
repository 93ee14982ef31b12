import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditRow } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

/** The chain's hash as the first audit log computed it (a Hash object, three updates), written out here. */
const firstHash = (previous: string, row: Omit<AuditRow, 'sequence' | 'previous_hash' | 'hash'>) =>
  createHash('sha256')
    .update(previous)
    .update('\n')
    .update(
      JSON.stringify([
        row.at,
        row.actor_kind,
        row.actor_id,
        row.action,
        row.target,
        row.outcome,
        row.details,
      ]),
    )
    .digest('hex');

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('audit append: one statement, the same chain', () => {
  it('a log written before the head trigger (migration 1, the first hash) verifies and continues after it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-audit-append-'));
    folders.push(folder);
    const path = join(folder, 'state.db');
    // A database as the audit log of migration 1 left it: two entries and the head, written row by row.
    const old = openStore(path, [{ domain: 'audit', migrations: auditMigrations.migrations.slice(0, 1) }]);
    let previous = '0'.repeat(64);
    for (const sequence of [1, 2]) {
      const row = {
        at: `2026-12-0${sequence}T10:00:00.000Z`,
        actor_kind: 'agent',
        actor_id: `agent-${sequence}`,
        action: 'message.send',
        target: `msg-${sequence}`,
        outcome: 'ok',
        details: JSON.stringify({ input: { body: `"quoted" \\ ${sequence}` } }),
      };
      const hash = firstHash(previous, row);
      old.db
        .prepare(
          `INSERT INTO audit_log (sequence, at, actor_kind, actor_id, action, target, outcome, details, previous_hash, hash)
            VALUES (@sequence, @at, @actor_kind, @actor_id, @action, @target, @outcome, @details, @previous, @hash)`,
        )
        .run({ ...row, sequence, previous, hash });
      old.db
        .prepare('INSERT OR REPLACE INTO audit_head (id, sequence, hash) VALUES (1, ?, ?)')
        .run(sequence, hash);
      previous = hash;
    }
    old.close();

    const store = openStore(path, [auditMigrations]);
    const log = new AuditLog(store, new FakeClock());
    expect(log.verify()).toEqual({ ok: true, checked: 2, firstBad: null });
    log.append({
      actor: { kind: 'agent', id: 'agent-3' },
      action: 'message.send',
      details: { body: 'ä "x"' },
    });
    store.transaction(() => {
      log.append({ actor: { kind: 'human', id: 'person' }, action: 'agent.kill', target: 'agent-1' });
      log.append({
        actor: { kind: 'system', id: 'switchboard' },
        action: 'lock.expired',
        outcome: 'automatic',
      });
    });
    expect(log.verify()).toEqual({ ok: true, checked: 5, firstBad: null });
    const rows = store.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY sequence').all();
    // Every entry, old and new, carries the first hash of its fields, linked to the one before.
    for (const [i, row] of rows.entries()) {
      expect(row.sequence).toBe(i + 1);
      expect(row.previous_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash);
      expect(row.hash).toBe(firstHash(row.previous_hash, row));
    }
    expect(store.db.prepare('SELECT sequence, hash FROM audit_head').all()).toEqual([
      { sequence: 5, hash: rows[4]!.hash },
    ]);
    store.close();
  });

  it('inside a transaction the head moves with each entry and goes back with a savepoint undone', () => {
    const store = openStore(':memory:', [auditMigrations]);
    const log = new AuditLog(store, new FakeClock());
    const head = () => store.db.prepare('SELECT sequence FROM audit_head').pluck().get();
    store.transaction(() => {
      log.append({ actor: { kind: 'agent', id: 'a' }, action: 'x.did' });
      expect(head()).toBe(1);
      try {
        store.transaction(() => {
          log.append({ actor: { kind: 'agent', id: 'a' }, action: 'x.did' });
          expect(head()).toBe(2);
          throw new Error('undone');
        });
      } catch {
        // the send this entry belonged to failed alone; the group goes on
      }
      expect(head()).toBe(1);
      log.append({ actor: { kind: 'agent', id: 'b' }, action: 'x.did' });
    });
    expect(head()).toBe(2);
    expect(log.list().map((e) => e.actor.id)).toEqual(['a', 'b']);
    expect(log.verify()).toEqual({ ok: true, checked: 2, firstBad: null });
    store.close();
  });
});
