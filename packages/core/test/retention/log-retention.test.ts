// Retention of the logs: the audit chain (pruned and still verified), health transitions and the recovery log.
// Real SQLite (a database file), the real orchestrator, a fake clock; rows the fleet would take hours to
// write are put in with the test's own connection.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification, RecoveryLogEntry } from '@switchboard/protocol';
import { fixturesClosedAfterEach, never, type RetentionFixture } from './retention-fixture';

const fixture = fixturesClosedAfterEach();

const DAY = 86_400_000;

/** Runs `work` on a connection of the test's own (what the fleet would have written over hours). */
function withDb(f: RetentionFixture, work: (db: Database.Database) => void) {
  const db = new Database(f.databasePath);
  try {
    work(db);
  } finally {
    db.close();
  }
}

/** Agents a and b; what it returns has a send b a message (each send is an audited call). */
async function sender(f: RetentionFixture) {
  const a = await f.spawn('a');
  await f.spawn('b');
  return (body: string) => a.call('message.send', { to: { agent: 'b' }, body, ...never });
}

describe('retention: the audit log', () => {
  it('a flood of audited calls is cut to the cap; the chain verifies from the anchor, before and after a restart', async () => {
    const f = await fixture();
    // The audit keeps at least 1,000 entries: most of the flood goes in directly, then audited calls.
    for (let i = 0; i < 1100; i++)
      f.orchestrator.audit.append({ actor: { kind: 'system', id: 'switchboard' }, action: 'test.filled' });
    const send = await sender(f);
    for (let i = 0; i < 50; i++) await send(`note ${i}`);
    expect(f.count('audit_log')).toBeGreaterThan(1150);

    await f.configure({ limits: { audit: { maxRows: 1000, maxAgeDays: null } } });
    const sweep = await f.sweep();
    expect(sweep.dropped.audit).toBeGreaterThan(150);
    // The 1,000 kept, the prune's own record, the sweep's record and the retention.sweep call's entry.
    expect(f.count('audit_log')).toBe(1003);

    const verdict = await f.human<AuditVerification>('audit.verify', {});
    expect(verdict).toMatchObject({ ok: true, firstBad: null, checked: 1003 });
    expect(verdict.pruned!.message).toMatch(
      /^verified from entry \d+ \(entries before it were pruned by retention/,
    );
    const { entries } = await f.human<{ entries: AuditEntry[] }>('audit.list', { limit: 1000 });
    expect(entries[0]!.sequence).toBe(verdict.pruned!.fromSequence);
    const records = await f.human<{ entries: AuditEntry[] }>('audit.list', { action: 'audit.pruned' });
    expect(records.entries).toHaveLength(1);
    // The audit view's first page, newest first, and the action filter answer over what is kept.
    const newest = await f.human<{ entries: AuditEntry[] }>('audit.list', { newestFirst: true, limit: 200 });
    expect(newest.entries).toHaveLength(200);
    const sends = await f.human<{ entries: AuditEntry[] }>('audit.list', { action: 'message.send' });
    expect(sends.entries.length).toBeGreaterThan(0);
    // A fleet bundle from the oldest thing kept holds the kept entries only.
    const bundle = await f.human<{ manifest: { files: { kind: string; entries: number }[] } }>(
      'recording.bundle',
      {},
    );
    const auditFile = bundle.manifest.files.find((file) => file.kind === 'audit')!;
    expect(auditFile.entries).toBeGreaterThan(0);
    expect(auditFile.entries).toBeLessThanOrEqual(1003);

    // The start-up sweep after a restart finds the two entries written after the prune beyond the cap.
    await f.restart();
    const restarted = await f.human<AuditVerification>('audit.verify', {});
    // The 1,000 kept, that prune's record and the start-up sweep's record.
    expect(restarted).toMatchObject({ ok: true, checked: 1002 });
    const from = restarted.pruned!.fromSequence;
    expect(from).toBeGreaterThan(verdict.pruned!.fromSequence);
    // Entries removed at the start of what is kept, the anchor left where it was: tampering.
    withDb(f, (db) => db.prepare('DELETE FROM audit_log WHERE sequence < ?').run(from + 3));
    expect(await f.human<AuditVerification>('audit.verify', {})).toMatchObject({
      ok: false,
      firstBad: { sequence: from, problem: 'removed' },
    });
  });

  it('the audit keeps its last day and newest 1,000 entries: lower limits are refused and nothing changes', async () => {
    const f = await fixture();
    const before = await f.status();
    for (const audit of [{ maxAgeDays: 0 }, { maxRows: 999 }, { maxAgeDays: 0, maxRows: 0 }])
      await expect(f.configure({ limits: { audit } })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/the audit keeps at least/),
      });
    expect((await f.status()).limits).toEqual(before.limits);
    expect((await f.configure({ limits: { audit: { maxAgeDays: 1, maxRows: 1000 } } })).limits.audit).toEqual(
      {
        maxAgeDays: 1,
        maxRows: 1000,
      },
    );
  });

  it('by age: entries older than maxAgeDays go, and a sweep at the limit writes no entry of its own', async () => {
    const f = await fixture();
    const send = await sender(f);
    for (let i = 0; i < 20; i++) await send(`old ${i}`);
    f.clock.advance(3 * DAY);
    await send('new');
    await f.configure({ limits: { audit: { maxAgeDays: 2, maxRows: null } } });
    expect((await f.sweep()).dropped.audit).toBeGreaterThan(20);
    const { entries } = await f.human<{ entries: AuditEntry[] }>('audit.list', { limit: 1000 });
    expect(entries.every((e) => Date.parse(e.at) >= f.clock.now() - 2 * DAY)).toBe(true);
    const kept = f.count('audit_log');
    // Nothing more is old: only the retention.sweep call is audited (a sweep that drops nothing writes no entry).
    expect((await f.sweep()).dropped.audit).toBeUndefined();
    expect(f.count('audit_log')).toBe(kept + 1);
    expect((await f.human<AuditVerification>('audit.verify', {})).ok).toBe(true);
  });
});

describe('retention: health transitions and the recovery log', () => {
  it('keeps an open agent’s newest 100 transitions; a closed agent’s and old recovery entries go; the readers answer', async () => {
    const f = await fixture();
    const open = await f.spawn('open');
    const closed = await f.spawn('closed');
    await f.human('agent.close', { agent: 'closed' });
    const old = new Date(f.clock.now() - 60 * DAY);
    withDb(f, (db) => {
      const transition = db.prepare(
        `INSERT INTO health_transitions (agent_id, state, since, confidence, unsure, signals)
          VALUES (?, ?, ?, 'high', 0, '[]')`,
      );
      const entry = db.prepare(
        `INSERT INTO recovery_log (agent_id, agent_name, action, trigger, outcome, reason, detail, attempt, at_ms)
          VALUES (?, ?, 'interrupt', 'hung', 'ok', 'no output', '', 1, ?)`,
      );
      for (let i = 0; i < 300; i++) {
        const at = new Date(old.getTime() + i * 60_000);
        for (const id of [open.id, closed.id]) {
          transition.run(id, i % 2 ? 'working' : 'idle', at.toISOString());
          entry.run(id, id === open.id ? 'open' : 'closed', at.getTime());
        }
      }
    });
    const before = await f.status();
    expect(before.rows.recoveryLog).toBe(600);
    await f.configure({
      limits: {
        healthTransitions: { maxAgeDays: 30, maxRows: null },
        recoveryLog: { maxAgeDays: null, maxRows: 100 },
      },
    });
    const sweep = await f.sweep();
    expect(sweep.dropped.recoveryLog).toBe(500);
    expect(f.count('recovery_log')).toBe(100);
    const history = await f.human<{ transitions: unknown[] }>('health.history', {
      agent: 'open',
      limit: 1000,
    });
    expect(history.transitions.length).toBeGreaterThanOrEqual(100);
    withDb(f, (db) => {
      const rowsOf = (id: string) =>
        db
          .prepare<[string], { n: number }>('SELECT count(*) AS n FROM health_transitions WHERE agent_id = ?')
          .get(id)!.n;
      expect(rowsOf(closed.id)).toBe(0);
      expect(rowsOf(open.id)).toBe(100);
    });
    // The recording timeline reads both logs over a range that began before what is kept.
    const timeline = await f.human<{ events: { kind: string }[] }>('recording.timeline', {
      agents: [open.id],
      from: old.toISOString(),
      limit: 5000,
    });
    expect(timeline.events.length).toBeGreaterThan(0);
    const log = await f.human<{ entries: RecoveryLogEntry[] }>('recovery.log', { limit: 500 });
    expect(log.entries).toHaveLength(100);
    expect(
      await f.human<{ entries: RecoveryLogEntry[] }>('recovery.log', { agent: closed.id, limit: 10 }),
    ).toMatchObject({
      entries: expect.any(Array),
    });
    expect((await f.status()).limits.audit).toEqual({ maxAgeDays: 90, maxRows: 500_000 });
  });
});
