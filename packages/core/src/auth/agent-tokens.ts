import { hash as digest, randomBytes, timingSafeEqual } from 'node:crypto';
import { Emitter, type Caller } from '@switchboard/protocol';
import { logListenerError } from '../events/listener-errors';
import type { Logger } from '../ports/logger';
import type { Store } from '../store/store';

/** Live tokens remembered by `AgentTokens.authenticate` (two per agent is usual: its launcher's and a config's). */
const MAX_CACHED_TOKENS = 4096;

/**
 * SHA-256 in one call (`crypto.hash`): every request over HTTP hashes its bearer token (the human's check, then the
 * agent's lookup), and a `createHash` object per hash cost several times the hash itself (issue 21).
 */
const sha256 = (text: string) => digest('sha256', text, 'buffer');
const hash = (token: string) => digest('sha256', token, 'hex');

/** A fresh random bearer token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison for secrets of equal or different length. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/**
 * `sameSecret(candidate, secret)` with the secret hashed once: for a check made on every request (the
 * host's own token against each bearer token), one hash per call instead of two.
 */
export function secretMatcher(secret: string): (candidate: string) => boolean {
  const expected = sha256(secret);
  return (candidate) => timingSafeEqual(sha256(candidate), expected);
}

/**
 * Agent tokens: minted at spawn, stored only as hashes (a stolen database holds no usable token),
 * revoked when the agent closes. The token alone decides which agent is calling.
 */
export class AgentTokens {
  private readonly revokedListeners: Emitter<string>;
  /**
   * Live tokens already looked up, by hash (never the token itself): every MCP request authenticates, and
   * the query was ~10 % of a tool call's host CPU over HTTP. Tokens are only ever added (a miss reads the
   * table) or revoked (every revocation empties this before its UPDATE runs, so a revoked token is never
   * served from here). Bounded: emptied when it holds more than `MAX_CACHED_TOKENS`.
   */
  private readonly live = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly now: () => string,
    logger?: Logger,
  ) {
    // Run in a microtask: a listener's throw there would be an uncaught exception (the host's end).
    this.revokedListeners = new Emitter(
      logListenerError(logger, 'tokens', 'tokens.revoked', (agent: string) => ({ agent })),
    );
  }

  /**
   * Calls `listener` after tokens were revoked, once the revoking transaction is over (a microtask
   * later): servers then drop the connections those tokens opened. Returns the unsubscribe function.
   */
  onRevoked(listener: (agentId: string) => void): () => void {
    return this.revokedListeners.on(listener);
  }

  /** A new token for the agent: for its launcher, or for a configuration (`switchboard mcp-config`). */
  issue(agentId: string, issuedFor: 'launch' | 'config' = 'launch'): string {
    const token = newToken();
    this.store
      .prepare('INSERT INTO agent_tokens (token_hash, agent_id, created_at, issued_for) VALUES (?, ?, ?, ?)')
      .run(hash(token), agentId, this.now(), issuedFor);
    return token;
  }

  /** Revokes the agent's live configuration tokens (those `issue(…, 'config')` gave out); returns how many. */
  revokeConfigTokens(agentId: string): number {
    this.live.clear();
    // Listeners drop all the agent's connections (they know agents, not tokens); clients on live tokens start new sessions.
    return this.revoked(
      agentId,
      this.store
        .prepare(
          "UPDATE agent_tokens SET revoked_at = ? WHERE agent_id = ? AND issued_for = 'config' AND revoked_at IS NULL",
        )
        .run(this.now(), agentId).changes,
    );
  }

  /** Revokes every live token of the agent; returns how many there were. */
  revokeAll(agentId: string): number {
    this.live.clear();
    return this.revoked(
      agentId,
      this.store
        .prepare('UPDATE agent_tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL')
        .run(this.now(), agentId).changes,
    );
  }

  private revoked(agentId: string, count: number): number {
    if (count > 0) queueMicrotask(() => this.revokedListeners.emit(agentId));
    return count;
  }

  authenticate(token: string): Caller | undefined {
    const tokenHash = hash(token);
    let agentId = this.live.get(tokenHash);
    if (agentId === undefined) {
      agentId = this.store
        .prepare<[string], { agent_id: string }>(
          'SELECT agent_id FROM agent_tokens WHERE token_hash = ? AND revoked_at IS NULL',
        )
        .get(tokenHash)?.agent_id;
      if (agentId === undefined) return undefined;
      // A row read inside a transaction may yet be rolled back: remembered only once committed.
      if (this.store.db.inTransaction) return { kind: 'agent', id: agentId };
      if (this.live.size >= MAX_CACHED_TOKENS) this.live.clear();
      this.live.set(tokenHash, agentId);
    }
    return { kind: 'agent', id: agentId };
  }
}
