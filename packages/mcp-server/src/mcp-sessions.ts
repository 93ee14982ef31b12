import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Caller } from '@switchboard/protocol';
import type { CallsInFlight } from './calls-in-flight';
import type { StreamBacklog } from './stream-backlog';

/** An MCP session nobody used for this long (no request, no open stream) is closed. */
export const MCP_SESSION_IDLE_MS = 30 * 60_000;
/** Sessions one caller may hold open; opening one more closes that caller's least recently used. */
export const MCP_SESSIONS_PER_CALLER = 16;

export interface McpSession {
  readonly id: string;
  readonly transport: StreamableHTTPServerTransport;
  readonly caller: Caller;
  /** The token that opened it: when it stops authenticating (revoked), the session is closed. */
  readonly token: string;
  lastUsedAt: number;
  /** Requests (including a long-lived GET stream) the session is answering right now; never idle while > 0. */
  active: number;
  /** Its GET stream's unread notifications, bounded. */
  readonly backlog: StreamBacklog;
  /** The tool calls the endpoint answers itself, for the client's `notifications/cancelled`. */
  readonly calls: CallsInFlight;
}

export interface McpSessionLimits {
  idleMs: number;
  perCaller: number;
  now(): number;
}

const callerKey = (caller: Caller) => `${caller.kind}:${caller.id}`;

/**
 * The open MCP sessions, bounded: each idles out, each caller holds at most `perCaller` (the least
 * recently used goes first), and those opened with a revoked token are closed at once.
 */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();

  constructor(private readonly limits: McpSessionLimits) {}

  get size(): number {
    return this.sessions.size;
  }

  /**
   * The open session with this id; one idle past the limit is closed here and is gone (the others idle
   * out on `sweep`, which runs on a timer and before each `add`, not on every request).
   */
  get(id: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || !this.idle(session, this.limits.now() - this.limits.idleMs)) return session;
    this.end(session);
    return undefined;
  }

  /** Adds a session, making room first: idle sessions go, then this caller's oldest beyond the cap. */
  add(session: McpSession): void {
    this.sweep();
    const mine = [...this.sessions.values()].filter((s) => callerKey(s.caller) === callerKey(session.caller));
    const excess = mine.length + 1 - this.limits.perCaller;
    if (excess > 0) {
      const byAge = mine.sort(
        (a, b) => Number(a.active > 0) - Number(b.active > 0) || a.lastUsedAt - b.lastUsedAt,
      );
      for (const old of byAge.slice(0, excess)) this.end(old);
    }
    this.sessions.set(session.id, session);
  }

  /** The session closed (the client ended it): its calls still waiting end with it. */
  forget(id: string): void {
    this.sessions.get(id)?.calls.abortAll();
    this.sessions.delete(id);
  }

  /** Marks a request as running on the session; call the returned function when its response ends. */
  begin(session: McpSession): () => void {
    session.active += 1;
    session.lastUsedAt = this.limits.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      session.active -= 1;
      session.lastUsedAt = this.limits.now();
    };
  }

  /** Closes every session idle for longer than the limit. */
  sweep(): void {
    const oldest = this.limits.now() - this.limits.idleMs;
    for (const session of this.sessions.values()) if (this.idle(session, oldest)) this.end(session);
  }

  private idle(session: McpSession, oldest: number): boolean {
    return session.active === 0 && session.lastUsedAt <= oldest;
  }

  /** Closes the sessions whose token no longer authenticates. */
  dropRevoked(authenticate: (token: string) => Caller | undefined): void {
    for (const session of this.sessions.values()) if (!authenticate(session.token)) this.end(session);
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of all) session.calls.abortAll();
    // Swallowed on purpose: the host is stopping: a transport that fails to close is gone with the process.
    await Promise.all(all.map((s) => s.transport.close().catch(() => undefined)));
  }

  private end(session: McpSession): void {
    this.sessions.delete(session.id);
    // Its calls still waiting end with it, as the SDK ends its own (a revoked token's long-poll among them).
    session.calls.abortAll();
    // Swallowed on purpose: the session is forgotten either way; a transport that fails to close has no one left to tell.
    void session.transport.close().catch(() => undefined);
  }
}
