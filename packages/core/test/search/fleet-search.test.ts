import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetSearchGroup } from '@switchboard/protocol';
import { coreMigrations } from '../../src/core-migrations';
import { openStore } from '../../src/store/store';
import { createWorld } from '../support/world';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
type Found = { groups: FleetSearchGroup[]; total: number };
const summary = (found: Found) =>
  found.groups.map(
    (g) =>
      `${g.agentId}: ${g.hits.map((h) => `${h.source} ${h.memory?.key ?? h.message?.recipientIds.join('+')}`).join(', ')}`,
  );

describe('search across the fleet', () => {
  it('finds memory and messages at once, grouped by agent (author, sender) with time, snippet and where to jump', async () => {
    const world = createWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    await world.as(alice)('message.send', {
      to: { agent: 'bob' },
      body: 'The deployment failed at migration 3, please look',
      typeIntoPane: 'never',
    });
    world.clock.advance(1000);
    await world.as(bob)('memory.put', {
      namespace: 'global',
      key: 'deployment',
      value: 'checklist: build, migrate, deploy',
    });
    await world.human('message.send', {
      to: { agent: 'alice' },
      body: 'unrelated note about lunch',
      typeIntoPane: 'never',
    });

    const found = (await world.human('fleet.search', { query: 'deployment' })) as Found;
    expect(summary(found)).toEqual([`${bob.id}: memory deployment`, `${alice.id}: message ${bob.id}`]);
    expect(found.total).toBe(2);
    const message = found.groups[1]!.hits[0]!;
    expect(message).toMatchObject({
      source: 'message',
      at: '2026-01-01T00:00:00.000Z',
      memory: null,
      message: { kind: 'notification' },
    });
    expect(message.snippet).toContain('The ⟦deployment⟧ failed');
    expect(found.groups[0]!.hits[0]).toMatchObject({
      at: '2026-01-01T00:00:01.000Z',
      message: null,
      memory: { namespace: 'global', key: 'deployment' },
    });

    // Prefixes as you type; one source at a time; nothing for words nobody wrote.
    expect(summary((await world.human('fleet.search', { query: 'migrat' })) as Found).sort()).toEqual(
      [`${alice.id}: message ${bob.id}`, `${bob.id}: memory deployment`].sort(),
    );
    expect(
      summary((await world.human('fleet.search', { query: 'deployment', sources: ['message'] })) as Found),
    ).toEqual([`${alice.id}: message ${bob.id}`]);
    expect(summary((await world.human('fleet.search', { query: 'lunch' })) as Found)).toEqual([
      `human: message ${alice.id}`,
    ]);
    await expect(world.human('fleet.search', { query: 'zebra' })).resolves.toEqual({ groups: [], total: 0 });
    await expect(world.human('fleet.search', { query: '"NEAR(' })).resolves.toMatchObject({ total: 0 });
  });

  it("is the human's: an agent is refused, whatever its role", async () => {
    const world = createWorld();
    const boss = await world.spawn('boss', 'orchestrator');
    await expect(world.as(boss)('fleet.search', { query: 'anything' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('indexes messages stored before it existed, redacted; a secret is in neither the index nor the file', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'search-')), 'switchboard.db');
    const older = openStore(
      databasePath,
      coreMigrations.filter((domain) => domain.domain !== 'search'),
    );
    older.db
      .prepare(
        `INSERT INTO messages (id, kind, sender_id, body, priority, content_hash, created_ms) VALUES ('m1', 'chat', 'human', ?, 1, 'h', 0)`,
      )
      .run(`rotate the staging key ${AWS_KEY} tonight`);
    older.close();

    const world = createWorld(databasePath);
    const found = (await world.human('fleet.search', { query: 'staging' })) as Found;
    expect(found.groups[0]!.hits[0]!.snippet).toBe('rotate the ⟦staging⟧ key [REDACTED:aws] tonight');
    await expect(world.human('fleet.search', { query: AWS_KEY })).resolves.toMatchObject({ total: 0 });
    await world.orchestrator.close();
    expect(readFileSync(databasePath).toString('latin1')).not.toContain(AWS_KEY);
  });

  it('ranks recorded output among its newest 500 matches, and searches it by prefix as typed', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'search-')), 'switchboard.db');
    const store = openStore(databasePath, coreMigrations);
    const insert = store.db.prepare('INSERT INTO recording_lines (agent_id, at_ms, text) VALUES (?, ?, ?)');
    store.db.transaction(() => {
      // The best match by bm25 (short, the word three times) is the oldest; 600 weaker ones follow it.
      insert.run('agent-old', 1, 'deploy deploy deploy');
      for (let i = 0; i < 600; i++)
        insert.run(
          'agent-new',
          1000 + i,
          `step ${i} of the long deploy run, with many other words around it`,
        );
    })();
    store.close();

    const world = createWorld(databasePath);
    const found = (await world.human('fleet.search', {
      query: 'deploy ',
      sources: ['recording'],
      limit: 10,
    })) as Found;
    expect(found.groups.map((group) => group.agentId)).toEqual(['agent-new']);
    expect(found.groups[0]!.hits.map((hit) => hit.recording!.at).every((at) => at >= 1100)).toBe(true);
    // A typed word is a prefix (completed from recent output: recorded-output-search.test.ts), a word
    // followed by a space a whole word.
    const typed = async (query: string) =>
      ((await world.human('fleet.search', { query, sources: ['recording'] })) as Found).total;
    expect(await typed('dep')).toBeGreaterThan(0);
    expect(await typed('de')).toBeGreaterThan(0);
    expect(await typed('de ')).toBe(0);
    // Memory keeps every prefix.
    await world.human('memory.put', { namespace: 'global', key: 'dev', value: 'deploy notes' });
    expect(((await world.human('fleet.search', { query: 'de', sources: ['memory'] })) as Found).total).toBe(
      1,
    );
    await world.orchestrator.close();
  });
});
