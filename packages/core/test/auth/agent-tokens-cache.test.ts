import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AgentTokens, sameSecret, secretMatcher } from '../../src/auth/agent-tokens';
import { tokenMigrations } from '../../src/auth/token-migrations';
import { openStore, type Store } from '../../src/store/store';

/** A real in-memory store; `queries` counts the token look-ups that reached SQLite. */
function tokens() {
  const store = openStore(':memory:', [tokenMigrations]);
  let queries = 0;
  const counting: Store = {
    ...store,
    prepare: (sql) => {
      if (sql.startsWith('SELECT agent_id FROM agent_tokens')) queries++;
      return store.prepare(sql);
    },
  };
  return {
    store,
    tokens: new AgentTokens(counting, () => new Date(0).toISOString()),
    queries: () => queries,
  };
}

describe('agent tokens: live tokens remembered, revocations never served from memory', () => {
  it('looks a token up once; a repeat is answered from memory, an unknown token is always looked up', () => {
    const { tokens: t, queries } = tokens();
    const token = t.issue('agent-a');
    for (let i = 0; i < 5; i++) expect(t.authenticate(token)).toEqual({ kind: 'agent', id: 'agent-a' });
    expect(queries()).toBe(1);
    expect(t.authenticate('not-a-token')).toBeUndefined();
    expect(t.authenticate('not-a-token')).toBeUndefined();
    expect(queries()).toBe(3);
  });

  it('a revoked configuration token stops at once; the launcher token of the same agent still works', () => {
    const { tokens: t } = tokens();
    const launch = t.issue('agent-a');
    const config = t.issue('agent-a', 'config');
    const other = t.issue('agent-b', 'config');
    for (const token of [launch, config, other]) expect(t.authenticate(token)).toBeDefined();
    expect(t.revokeConfigTokens('agent-a')).toBe(1);
    expect(t.authenticate(config)).toBeUndefined();
    expect(t.authenticate(launch)).toEqual({ kind: 'agent', id: 'agent-a' });
    expect(t.authenticate(other)).toEqual({ kind: 'agent', id: 'agent-b' });
    expect(t.revokeAll('agent-a')).toBe(1);
    expect(t.authenticate(launch)).toBeUndefined();
    expect(t.authenticate(other)).toEqual({ kind: 'agent', id: 'agent-b' });
  });

  it('a revocation rolled back leaves the token working (read again from the table)', () => {
    const { store, tokens: t } = tokens();
    const token = t.issue('agent-a');
    expect(t.authenticate(token)).toBeDefined();
    expect(() =>
      store.transaction(() => {
        t.revokeAll('agent-a');
        expect(t.authenticate(token)).toBeUndefined();
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(t.authenticate(token)).toEqual({ kind: 'agent', id: 'agent-a' });
  });

  it('a token issued and looked up in a transaction rolled back is not remembered', () => {
    const { store, tokens: t } = tokens();
    let token = '';
    expect(() =>
      store.transaction(() => {
        token = t.issue('agent-a');
        expect(t.authenticate(token)).toEqual({ kind: 'agent', id: 'agent-a' });
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(t.authenticate(token)).toBeUndefined();
  });

  it('a token issued before (stored as the hex SHA-256 of a createHash object) still authenticates', () => {
    const { store, tokens: t } = tokens();
    const token = 'token-from-an-older-host-\u00e4\u{1f600}';
    store.db
      .prepare('INSERT INTO agent_tokens (token_hash, agent_id, created_at, issued_for) VALUES (?, ?, ?, ?)')
      .run(
        createHash('sha256').update(token).digest('hex'),
        'agent-old',
        new Date(0).toISOString(),
        'launch',
      );
    expect(t.authenticate(token)).toEqual({ kind: 'agent', id: 'agent-old' });
    expect(t.authenticate(`${token}x`)).toBeUndefined();
  });

  it('the host token check says yes to the token only', () => {
    const matches = secretMatcher('the-human-token');
    expect(matches('the-human-token')).toBe(true);
    expect(matches('the-human-tokeN')).toBe(false);
    expect(matches('')).toBe(false);
    expect(sameSecret('a\u00e4', 'a\u00e4')).toBe(true);
    expect(sameSecret('a', 'a ')).toBe(false);
  });
});
