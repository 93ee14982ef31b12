// A bound `LIMIT ?` made SQLite (3.53, STAT4) compile its statement again at every call: the planner uses the
// LIMIT's value, so each new binding expires the statement. Core's queries write theirs in (limitClause).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messageMigrations } from '../../src/messages/message-migrations';
import { historyPage } from '../../src/messages/history-page';
import { MessageRepository } from '../../src/messages/message-repository';
import { limitClause } from '../../src/store/sql-limit';
import { openStore, type Store } from '../../src/store/store';

describe('limitClause', () => {
  it('writes a non-negative integer into the SQL and refuses anything else', () => {
    expect(limitClause(0)).toBe(' LIMIT 0');
    expect(limitClause(21)).toBe(' LIMIT 21');
    for (const bad of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1; DROP TABLE x' as never])
      expect(() => limitClause(bad)).toThrow(RangeError);
  });
});

describe("the message repository's limited queries", () => {
  it('bind no LIMIT (the inbox of every receive, pending, history) and still return limit + 1 rows', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'sql-limit-')), 'm.db'), [messageMigrations]);
    const prepared: string[] = [];
    const watched: Store = {
      ...store,
      prepare: (sql) => {
        prepared.push(sql);
        return store.prepare(sql);
      },
    };
    const repository = new MessageRepository(watched, { windowMs: 60_000, now: () => 1_000 });
    store.transaction(() => {
      for (let i = 0; i < 6; i++) {
        const id = `msg-${i}`;
        repository.insertMessage({
          id,
          kind: 'event',
          sender_id: 'a',
          sender_team_id: null,
          body: `body ${i}`,
          correlation_id: null,
          reply_to: null,
          priority: 1,
          content_hash: `h${i}`,
          created_ms: 1_000 + i,
          expires_ms: null,
          traceparent: null,
        });
        repository.insertDelivery({
          message_id: id,
          recipient_id: 'b',
          recipient_team_id: null,
          sender_id: 'a',
          sender_team_id: null,
          kind: 'event',
          priority: 1,
          content_hash: `h${i}`,
          state: 'queued',
          created_ms: 1_000 + i,
          expires_ms: null,
          pane_state: 'none',
        });
      }
    });
    prepared.length = 0;
    const query = { recipientId: 'b', nowMs: 2_000, limit: 2 };
    expect(repository.inbox(query).map((r) => r.body)).toEqual(['body 0', 'body 1', 'body 2']);
    expect(repository.inbox({ ...query, cursor: 4 }).map((r) => r.body)).toEqual(['body 4', 'body 5']);
    expect(repository.pending({ ...query, limit: 4 })).toHaveLength(5);
    expect(historyPage(watched, { agentId: 'b', limit: 1 }).map((r) => r.body)).toEqual(['body 5', 'body 4']);
    expect(prepared.length).toBe(4);
    for (const sql of prepared) expect(sql).not.toMatch(/LIMIT\s+\?/i);
    store.close();
  });
});

describe("core's SQL", () => {
  it('binds no LIMIT anywhere (plans, audit, approvals, flows, health, recovery, memory, search, spawning too)', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    // sql-limit.ts names the old way in its comment.
    const sources = files.filter((f) => !f.endsWith('sql-limit.ts'));
    expect(files.length).toBeGreaterThan(100);
    const bound = sources.filter((f) => /LIMIT\s+\?/.test(readFileSync(join(src, f), 'utf8')));
    expect(bound).toEqual([]);
  });
});
