import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from '@switchboard/protocol';
import type { Store } from '../store/store';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh random bearer token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison for secrets of equal or different length. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * Agent tokens: minted at spawn, stored only as hashes (a stolen database holds no usable token),
 * revoked when the agent closes. The token alone decides which agent is calling.
 */
export class AgentTokens {
  private readonly revokedListeners = new Set<(agentId: string) => void>();

  constructor(
    private readonly store: Store,
    private readonly now: () => string,
  ) {}

  /**
   * Calls `listener` after tokens were revoked, once the revoking transaction is over (a microtask
   * later): servers then drop the connections those tokens opened. Returns the unsubscribe function.
   */
  onRevoked(listener: (agentId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => void this.revokedListeners.delete(listener);
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
    return this.revoked(
      agentId,
      this.store
        .prepare('UPDATE agent_tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL')
        .run(this.now(), agentId).changes,
    );
  }

  private revoked(agentId: string, count: number): number {
    if (count > 0) queueMicrotask(() => this.revokedListeners.forEach((listener) => listener(agentId)));
    return count;
  }

  authenticate(token: string): Caller | undefined {
    const row = this.store
      .prepare<[string], { agent_id: string }>(
        'SELECT agent_id FROM agent_tokens WHERE token_hash = ? AND revoked_at IS NULL',
      )
      .get(hash(token));
    return row ? { kind: 'agent', id: row.agent_id } : undefined;
  }
}
