import type { Store } from '../store/store';

/**
 * The conversation each agent's CLI is in, as its own hooks report it (Claude Code's `session_id`).
 * A restart resumes exactly this conversation, never "the newest one in the folder", which may be
 * another agent's. Kept in SQLite so it survives a host restart.
 */
export class CliSessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => string,
  ) {}

  /**
   * Notes the session a hook names, once it holds a conversation: SessionStart alone names a session that
   * `--resume` cannot find yet (nothing was said in it), and SessionEnd closes one.
   */
  noteHook(agentId: string, event: string, sessionId: string | undefined): void {
    if (sessionId !== undefined && event !== 'SessionStart' && event !== 'SessionEnd')
      this.record(agentId, sessionId);
  }

  record(agentId: string, sessionId: string): void {
    this.store
      .prepare(
        'INSERT INTO agent_cli_sessions (agent_id, session_id, recorded_at) VALUES (?, ?, ?) ON CONFLICT(agent_id) DO UPDATE SET session_id = excluded.session_id, recorded_at = excluded.recorded_at',
      )
      .run(agentId, sessionId, this.now());
  }

  sessionOf(agentId: string): string | undefined {
    return this.store
      .prepare<[string], { session_id: string }>(
        'SELECT session_id FROM agent_cli_sessions WHERE agent_id = ?',
      )
      .get(agentId)?.session_id;
  }

  forget(agentId: string): void {
    this.store.prepare('DELETE FROM agent_cli_sessions WHERE agent_id = ?').run(agentId);
  }
}
