import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { pruneAuditLog } from '../../src/audit/audit-retention';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';
import { swapEntries } from './tamper';

/** A chain longer than one verification page (1,000 entries). */
function longChain(entries = 5000) {
  const store = openStore(':memory:', [auditMigrations]);
  const clock = new FakeClock();
  const log = new AuditLog(store, clock);
  store.transaction(() => {
    for (let i = 1; i <= entries; i++)
      log.append({ actor: { kind: 'agent', id: `agent-${i % 5}` }, action: 'test.did', details: { i } });
  });
  return { store, db: store.db, clock, log };
}

describe('audit.verify a page at a time', () => {
  it('verifies a chain of several pages and finds tampering on a later page, in turns or at once', async () => {
    const { db, log } = longChain();
    expect(await log.verifyInTurns()).toEqual({ ok: true, checked: 5000, firstBad: null });
    db.prepare("UPDATE audit_log SET target = 'forged' WHERE sequence = 4500").run();
    expect((await log.verifyInTurns()).firstBad).toMatchObject({ sequence: 4500, problem: 'edited' });
    expect(log.verify().firstBad).toMatchObject({ sequence: 4500, problem: 'edited' });
  });

  it('finds a swap across a page boundary', () => {
    const { db, log } = longChain();
    swapEntries(db, 2000);
    expect(log.verify().firstBad).toMatchObject({ sequence: 2000, problem: 'reordered' });
  });

  it('lets the event loop run between pages, and appends and a prune meanwhile are no tampering', async () => {
    const { store, clock, log } = longChain();
    let settled = false;
    const verdict = log.verifyInTurns().finally(() => (settled = true));
    // Between pages: other work runs, an entry is appended, retention prunes past where the walk is.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    log.append({ actor: { kind: 'human', id: 'human' }, action: 'meanwhile' });
    expect(pruneAuditLog(store, log, { maxAgeDays: null, maxRows: 1000 }, clock.now(), 4500)).toBe(4001);
    const result = await verdict;
    expect(result).toMatchObject({ ok: true, firstBad: null, pruned: { fromSequence: 4002 } });
    expect(log.verify()).toMatchObject({ ok: true, checked: 1001 });
  });
});
