import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Message } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { runUntilKilled } from '../support/kill-child';

const STRESS = process.env['STRESS'] === '1';
const AGENTS = STRESS ? 100 : 20;
const KILLS = STRESS ? 20 : 5;

interface Round {
  sent: string[];
  /** "agent message" pairs, in the order the child printed them. */
  log: { kind: 'recv' | 'acked'; pair: string }[];
}

/** Runs the child, lets it work for a random while, then SIGKILLs it. */
async function runAndKill(databasePath: string, round: number): Promise<Round> {
  const result: Round = { sent: [], log: [] };
  // Every agent sends first, all at once: a kill within the first AGENTS sends would land before any receive or ack
  // (STRESS's 100 agents with a kill after 20–80 sends saw no ack in 20 rounds). 20 agents: 20–80 sends, as before.
  const killAfter = AGENTS + Math.floor(Math.random() * 3 * AGENTS);
  await runUntilKilled(
    new URL('./crash-child.ts', import.meta.url),
    [databasePath, String(AGENTS), String(round)],
    ([word, ...rest]) => {
      if (word === 'sent') {
        result.sent.push(rest[0]!);
        // A random moment under load: after a random number of sends, plus a random few milliseconds.
        if (result.sent.length === killAfter) return { delayMs: Math.random() * 30 };
      } else if (word === 'recv') result.log.push({ kind: 'recv', pair: `${rest[0]} ${rest[1]}` });
      else if (word === 'acked')
        for (const id of rest.slice(1)) result.log.push({ kind: 'acked', pair: `${rest[0]} ${id}` });
      return false;
    },
  );
  return result;
}

describe(`crash: ${AGENTS} agents exchanging messages, SIGKILLed ${KILLS} times`, () => {
  it(
    'keeps every sent and every acknowledged message exactly once, and never delivers an acknowledged one again',
    { timeout: STRESS ? 1_800_000 : 120_000 },
    async () => {
      const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-msg-crash-')), 'switchboard.db');
      const sent = new Set<string>();
      const acked = new Set<string>();
      const redelivered: string[] = [];
      let totalAcks = 0;
      for (let round = 0; round < KILLS; round++) {
        const result = await runAndKill(databasePath, round);
        for (const { kind, pair } of result.log) {
          if (kind === 'recv' && acked.has(pair)) redelivered.push(pair);
          if (kind === 'acked') {
            acked.add(pair);
            totalAcks++;
          }
        }
        result.sent.forEach((id) => sent.add(id));

        // After each kill, straight from the file: every acknowledged copy exactly once and acked; every sent message exactly once.
        const db = new Database(databasePath, { readonly: true });
        const copies = db
          .prepare<[], { recipient_id: string; message_id: string; state: string }>(
            'SELECT recipient_id, message_id, state FROM message_deliveries',
          )
          .all();
        const messageRows = db
          .prepare<[], { id: string }>('SELECT id FROM messages')
          .all()
          .map((r) => r.id);
        db.close();
        const byPair = new Map<string, string[]>();
        for (const c of copies)
          byPair.set(`${c.recipient_id} ${c.message_id}`, [
            ...(byPair.get(`${c.recipient_id} ${c.message_id}`) ?? []),
            c.state,
          ]);
        for (const pair of acked) expect(byPair.get(pair), pair).toEqual(['acked']);
        const messageCounts = new Map<string, number>();
        for (const id of messageRows) messageCounts.set(id, (messageCounts.get(id) ?? 0) + 1);
        for (const id of sent) expect(messageCounts.get(id), id).toBe(1);
        // committed but not yet printed when the kill landed: at most one send per agent per round
        expect(messageRows.length - sent.size).toBeLessThanOrEqual(AGENTS * (round + 1));
      }
      expect(redelivered).toEqual([]);
      expect(sent.size).toBeGreaterThanOrEqual(KILLS * 20);
      expect(totalAcks).toBeGreaterThan(0);

      // The restarted host: receiving every inbox returns no acknowledged message, and everything un-acked is still there.
      const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
      for (const agent of orchestrator.fleet.repository.listAgents()) {
        for (let cursor = 0; ;) {
          const page = (await orchestrator.invoke({ kind: 'agent', id: agent.id }, 'message.receive', {
            cursor,
            limit: 100,
          })) as { messages: Message[]; nextCursor: number; hasMore: boolean };
          for (const m of page.messages)
            expect(acked.has(`${agent.id} ${m.id}`), `${agent.id} ${m.id} came back after its ack`).toBe(
              false,
            );
          cursor = page.nextCursor;
          if (!page.hasMore) break;
        }
      }
      const { inboxes } = (await orchestrator.invoke(humanCaller, 'message.status', {})) as {
        inboxes: { depth: number }[];
      };
      const depth = inboxes.reduce((sum, inbox) => sum + inbox.depth, 0);
      const db = new Database(databasePath, { readonly: true });
      const unacked = db
        .prepare<[], { n: number }>(
          "SELECT count(*) AS n FROM message_deliveries WHERE state IN ('queued', 'delivered')",
        )
        .get()!.n;
      // The fleet search's index (filled in batches, message-index.ts): every stored message in it exactly
      // once after the kills (a batch a kill cut short is redone when the host starts, none twice).
      const stored = db
        .prepare<[], { id: string }>('SELECT id FROM messages ORDER BY id')
        .all()
        .map((r) => r.id);
      const indexed = db
        .prepare<[], { message_id: string; n: number }>(
          'SELECT message_id, count(*) AS n FROM message_fts GROUP BY message_id ORDER BY message_id',
        )
        .all();
      db.close();
      expect(depth).toBe(unacked);
      expect(indexed).toEqual(stored.map((id) => ({ message_id: id, n: 1 })));
      await orchestrator.close();
    },
  );
});
