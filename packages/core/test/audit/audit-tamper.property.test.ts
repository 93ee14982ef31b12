import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { pruneAuditLog } from '../../src/audit/audit-retention';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';
import { swapEntries } from './tamper';

type Tamper = { op: 'edit' | 'remove' | 'swap'; at: number };
const expectedProblem = { edit: 'edited', remove: 'removed', swap: 'reordered' } as const;

describe('audit.verify finds the first tampered entry, whatever the tampering (property)', () => {
  it('edit, removal or swap of any entry is reported at that entry, after retention pruned the oldest or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }).chain((size) =>
          fc.integer({ min: 0, max: size - 2 }).chain((pruned) =>
            fc.record({
              size: fc.constant(size),
              pruned: fc.constant(pruned),
              tamper: fc.record({
                op: fc.constantFrom<Tamper['op']>('edit', 'remove', 'swap'),
                at: fc.integer({ min: pruned + 1, max: size - 1 }),
              }),
            }),
          ),
        ),
        ({ size, pruned, tamper }) => {
          const store = openStore(':memory:', [auditMigrations]);
          const log = new AuditLog(store, new FakeClock());
          for (let i = 1; i <= size; i++)
            log.append({ actor: { kind: 'agent', id: `a${i % 3}` }, action: 'x.did', details: { i } });
          // Retention first pruned the oldest `pruned` entries (and recorded it as entry size + 1).
          if (pruned > 0)
            expect(pruneAuditLog(store, log, { maxAgeDays: null, maxRows: size - pruned }, 0, 500)).toBe(
              pruned,
            );
          expect(log.verify().ok).toBe(true);
          const db = store.db;
          if (tamper.op === 'edit')
            db.prepare("UPDATE audit_log SET target = 'forged' WHERE sequence = ?").run(tamper.at);
          if (tamper.op === 'remove') db.prepare('DELETE FROM audit_log WHERE sequence = ?').run(tamper.at);
          if (tamper.op === 'swap') swapEntries(db, tamper.at);
          const verdict = log.verify();
          expect(verdict.ok).toBe(false);
          expect(verdict.firstBad).toMatchObject({
            sequence: tamper.at,
            problem: expectedProblem[tamper.op],
          });
          store.close();
        },
      ),
      { numRuns: process.env['STRESS'] === '1' ? 2000 : 150 },
    );
  });
});
