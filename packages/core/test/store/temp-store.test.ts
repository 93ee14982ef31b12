import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/index';

const table = {
  domain: 'demo',
  migrations: [{ version: 1, description: 'rows', sql: 'CREATE TABLE rows (x INTEGER, y INTEGER)' }],
};

describe('temporary b-trees', () => {
  // With SQLite's default (a temporary file), every ORDER BY … LIMIT the indexes do not serve (each inbox
  // query) cost ~1 ms on this machine even when it found nothing: issue 21's profile of the message path.
  it('live in memory (temp_store = MEMORY), for a file store under either commit mode and for :memory:', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temp-store-'));
    const stores = [
      openStore(join(dir, 'grouped.db'), [table]),
      openStore(join(dir, 'each.db'), [table], { groupCommit: false }),
      openStore(':memory:', [table]),
    ];
    for (const store of stores) {
      expect(store.db.pragma('temp_store', { simple: true })).toBe(2);
      store.db.prepare('INSERT INTO rows VALUES (1, 2), (2, 1)').run();
      expect(store.prepare('SELECT x FROM rows ORDER BY y DESC, x LIMIT 1').get()).toEqual({ x: 1 });
      store.close();
    }
  });
});
