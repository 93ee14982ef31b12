import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import {
  humanCaller,
  type Caller,
  type Message,
  type RetentionStatus,
  type RetentionSweep,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';

export type Received = { messages: Message[]; nextCursor: number; hasMore: boolean };
export const never = { typeIntoPane: 'never' } as const;

/**
 * A real orchestrator on a database file (so a test can count rows with its own connection and reopen the
 * store), the memory backend and a fake clock, once its start-up sweep is done; helpers to call it as the
 * human or an agent.
 */
export async function retentionFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-retention-'));
  const databasePath = join(dir, 'switchboard.db');
  const clock = new FakeClock();
  const backend = createMemoryBackend();
  const events: SwitchboardEvent[] = [];
  let orchestrator: Orchestrator;
  /**
   * Opens the store; once a sweep asked of the sweeper itself (no call, no audit entry) returns, the one
   * every start runs is over too (sweeps run one after another).
   */
  const open = async () => {
    orchestrator = createOrchestrator({ databasePath, backend, clock, dataDir: dir });
    orchestrator.subscribe((e) => events.push(e));
    await orchestrator.ready;
    await orchestrator.retention.sweep();
  };
  const as =
    (caller: Caller) =>
    <T = unknown>(name: string, input: unknown) =>
      orchestrator.invoke(caller, name, input) as Promise<T>;
  const human = as(humanCaller);
  await open();
  return {
    clock,
    events,
    databasePath,
    human,
    get orchestrator() {
      return orchestrator;
    },
    async spawn(name: string) {
      const agent = await human<{ id: string }>('agent.spawn', { name, role: 'builder' });
      return { id: agent.id, call: as({ kind: 'agent', id: agent.id }) };
    },
    status: () => human<RetentionStatus>('retention.get', {}),
    configure: (input: unknown) => human<RetentionStatus>('retention.configure', input),
    sweep: () => human<RetentionSweep>('retention.sweep', {}),
    /** One value read through a connection of the test's own. */
    read(sql: string): unknown {
      const db = new Database(databasePath, { readonly: true });
      try {
        return db.prepare(sql).pluck().get();
      } finally {
        db.close();
      }
    },
    /** Rows in a table. */
    count(table: string): number {
      return this.read(`SELECT count(*) FROM ${table}`) as number;
    },
    async restart() {
      await orchestrator.close();
      await open();
    },
    async close() {
      await orchestrator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RetentionFixture = Awaited<ReturnType<typeof retentionFixture>>;

/** For a test file: opens a fixture per call and closes every one after each test. */
export function fixturesClosedAfterEach(): () => Promise<RetentionFixture> {
  const open: RetentionFixture[] = [];
  afterEach(async () => {
    for (const f of open.splice(0)) await f.close();
  });
  return async () => {
    const f = await retentionFixture();
    open.push(f);
    return f;
  };
}
