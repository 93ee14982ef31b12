import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { humanCaller, type InboxStatus } from '@switchboard/protocol';
import { createOrchestrator } from '../../src/index';
import { eventually } from '../../src/testing/index';
import { runUntilKilled } from '../support/kill-child';
import { fakeCliBackend } from './fake-cli-backend';

const STRESS = process.env['STRESS'] === '1';
const PANE_AGENTS = STRESS ? 10 : 4;
const ENDPOINT_AGENTS = STRESS ? 10 : 4;
const KILLS = STRESS ? 20 : 3;

interface Row {
  recipient_id: string;
  message_id: string;
  state: string;
  pane_state: string;
  pane_reason: string | null;
}

/**
 * One delivery per message per recipient across crashes: CLI agents without the endpoint get each text
 * typed (then acked), agents on the endpoint get only "messages wait" lines and receive each text; the
 * host is SIGKILLed at random moments, mid-typing included, and restarted on the same file with the
 * same (surviving) panes.
 */
describe(`crash: pane deliveries and inboxes, ${PANE_AGENTS} + ${ENDPOINT_AGENTS} agents, SIGKILLed ${KILLS} times`, () => {
  it(
    'never types a text twice, never types a text to an agent on the endpoint, acks only what was seen',
    { timeout: STRESS ? 1_800_000 : 240_000 },
    async () => {
      const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-pane-crash-')), 'switchboard.db');
      const typed = new Map<string, number>();
      const paneOf = new Map<string, string>();
      const endpointPanes = new Set<string>();
      const acked = new Set<string>();
      const redelivered: string[] = [];
      let sends = 0;
      const typedKey = (paneId: string, messageId: string) => `${paneId} ${messageId}`;
      const rows = (): Row[] => {
        const db = new Database(databasePath, { readonly: true });
        try {
          return db
            .prepare<[], Row>(
              'SELECT recipient_id, message_id, state, pane_state, pane_reason FROM message_deliveries',
            )
            .all();
        } finally {
          db.close();
        }
      };
      const checkFile = () => {
        for (const row of rows()) {
          const paneId = paneOf.get(row.recipient_id)!;
          const times = typed.get(typedKey(paneId, row.message_id)) ?? 0;
          expect(times, `${row.message_id} typed into ${paneId}`).toBeLessThanOrEqual(1);
          if (endpointPanes.has(paneId)) {
            expect(times, `text typed to an endpoint agent: ${row.message_id}`).toBe(0);
          } else {
            // An agent without the endpoint acks nothing itself: acked means its pane submitted the text, once.
            if (row.state === 'acked')
              expect(times, `${row.message_id} acked for ${paneId} without being typed`).toBe(1);
            if (row.pane_state === 'submitted') expect(row.state).toBe('acked');
          }
        }
      };

      for (let round = 0; round < KILLS; round++) {
        const killAfter = 15 + Math.floor(Math.random() * 40);
        let sentThisRound = 0;
        await runUntilKilled(
          new URL('./pane-crash-child.ts', import.meta.url),
          [databasePath, String(PANE_AGENTS), String(ENDPOINT_AGENTS)],
          ([word, ...rest]) => {
            if (word === 'agent') {
              paneOf.set(rest[0]!, rest[1]!);
              if (rest[2] === 'endpoint') endpointPanes.add(rest[1]!);
            } else if (word === 'typed') {
              const key = typedKey(rest[0]!, rest[1]!);
              typed.set(key, (typed.get(key) ?? 0) + 1);
            } else if (word === 'recv') {
              if (acked.has(`${rest[0]} ${rest[1]}`)) redelivered.push(`${rest[0]} ${rest[1]}`);
            } else if (word === 'acked') {
              for (const id of rest.slice(1)) acked.add(`${rest[0]} ${id}`);
            } else if (word === 'sent') {
              sends++;
              // A random moment under load: after some sends, plus a few milliseconds (often mid-typing).
              if (++sentThisRound === killAfter) return { delayMs: Math.random() * 30 };
            }
            return false;
          },
        );
        checkFile();
      }
      expect(redelivered).toEqual([]);
      expect(sends).toBeGreaterThanOrEqual(KILLS * 15);
      expect([...typed.keys()].length).toBeGreaterThan(0);

      // The last restart: every CLI idle; what is owed gets typed, nothing twice, nothing acked unseen.
      const fake = fakeCliBackend({
        onSubmit: (paneId, line) => {
          const id = /· (msg-[0-9a-f-]+)\]/.exec(line)?.[1];
          if (id) typed.set(typedKey(paneId, id), (typed.get(typedKey(paneId, id)) ?? 0) + 1);
        },
      });
      for (const paneId of paneOf.values()) fake.survived(paneId);
      const orchestrator = createOrchestrator({
        databasePath,
        backend: fake.backend,
        healthTimings: { debounceMs: 20, outputRecentMs: 50 },
        messaging: { pane: { settleMs: 5, checkIntervalMs: 10 } },
      });
      await orchestrator.ready;
      const paneAgents = [...paneOf]
        .filter(([, paneId]) => !endpointPanes.has(paneId))
        .map(([agentId]) => agentId);
      await eventually(
        async () => {
          for (const paneId of paneOf.values()) fake.set(paneId, 'idle');
          const { inboxes } = (await orchestrator.invoke(humanCaller, 'message.status', {})) as {
            inboxes: InboxStatus[];
          };
          return inboxes
            .filter((i) => paneAgents.includes(i.recipientId))
            .every((i) => i.pane.waiting + i.pane.held === 0)
            ? true
            : undefined;
        },
        60_000,
        'every pane delivery settled',
      );
      await orchestrator.close();
      checkFile();
      const interrupted = rows().filter(
        (r) => paneAgents.includes(r.recipient_id) && r.pane_state === 'failed',
      );
      // Only a copy being typed at a kill is left failed (its text stays in the inbox, unacked): at most one per pane per kill.
      for (const row of interrupted) {
        expect(row.pane_reason).toMatch(/interrupted by a host restart/);
        expect(row.state).toBe('queued');
      }
      expect(interrupted.length).toBeLessThanOrEqual(PANE_AGENTS * KILLS);
      for (const row of rows().filter((r) => paneAgents.includes(r.recipient_id)))
        expect(['submitted', 'failed']).toContain(row.pane_state);
      console.log(JSON.stringify({ sends, typed: typed.size, interrupted: interrupted.length }));
      const all = rows();
      const unique = new Set(all.map((r) => `${r.recipient_id} ${r.message_id}`));
      expect(unique.size).toBe(all.length);
    },
  );
});
