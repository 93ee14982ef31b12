import type { Agent, AgentKind, AgentState, Team } from '@switchboard/protocol';
import type { Store } from '../store/store';

interface AgentRow {
  id: string; name: string; kind: string; command: string | null; cwd: string | null; team_id: string | null;
  role: string; state: string; state_since: string; pane_id: string | null; position: number; created_at: string;
}
interface TeamRow { id: string; name: string; parent_id: string | null; color: string; position: number; created_at: string }

const toAgent = (row: AgentRow): Agent => ({
  id: row.id, name: row.name, kind: row.kind as AgentKind, command: row.command, cwd: row.cwd, teamId: row.team_id,
  role: row.role, state: row.state as AgentState, stateSince: row.state_since, paneId: row.pane_id,
  position: row.position, createdAt: row.created_at,
});
const toTeam = (row: TeamRow): Team => ({
  id: row.id, name: row.name, parentId: row.parent_id, color: row.color, position: row.position, createdAt: row.created_at,
});

/** SQL for agents and teams; no rules here, only rows in and out. */
export class FleetRepository {
  constructor(private readonly store: Store) {}

  listAgents(teamId?: string): Agent[] {
    const sql = `SELECT * FROM agents WHERE closed_at IS NULL ${teamId ? 'AND team_id = ?' : ''} ORDER BY team_id, position, created_at`;
    const rows = this.store.db.prepare<unknown[], AgentRow>(sql).all(...(teamId ? [teamId] : []));
    return rows.map(toAgent);
  }

  /** An open agent by id or name. */
  findAgent(ref: string): Agent | undefined {
    const row = this.store.db
      .prepare<[string, string], AgentRow>('SELECT * FROM agents WHERE closed_at IS NULL AND (id = ? OR name = ?)')
      .get(ref, ref);
    return row ? toAgent(row) : undefined;
  }

  insertAgent(agent: Agent): void {
    this.store.db
      .prepare(`INSERT INTO agents (id, name, kind, command, cwd, team_id, role, state, state_since, pane_id, position, created_at)
        VALUES (@id, @name, @kind, @command, @cwd, @teamId, @role, @state, @stateSince, @paneId, @position, @createdAt)`)
      .run(agent);
  }

  updateAgent(agent: Agent): void {
    this.store.db
      .prepare(`UPDATE agents SET name=@name, kind=@kind, command=@command, cwd=@cwd, team_id=@teamId, role=@role,
        state=@state, state_since=@stateSince, pane_id=@paneId, position=@position WHERE id=@id`)
      .run(agent);
  }

  markAgentClosed(agentId: string, at: string): void {
    this.store.db.prepare('UPDATE agents SET closed_at = ? WHERE id = ?').run(at, agentId);
  }

  nextAgentPosition(teamId: string | null): number {
    const row = this.store.db
      .prepare<[string | null], { next: number }>('SELECT coalesce(max(position) + 1, 0) AS next FROM agents WHERE closed_at IS NULL AND team_id IS ?')
      .get(teamId);
    return row?.next ?? 0;
  }

  listTeams(): Team[] {
    return this.store.db.prepare<[], TeamRow>('SELECT * FROM teams ORDER BY position, created_at').all().map(toTeam);
  }

  findTeam(ref: string): Team | undefined {
    const row = this.store.db.prepare<[string, string], TeamRow>('SELECT * FROM teams WHERE id = ? OR name = ?').get(ref, ref);
    return row ? toTeam(row) : undefined;
  }

  insertTeam(team: Team): void {
    this.store.db
      .prepare('INSERT INTO teams (id, name, parent_id, color, position, created_at) VALUES (@id, @name, @parentId, @color, @position, @createdAt)')
      .run(team);
  }

  teamCount(): number {
    return this.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM teams').get()?.n ?? 0;
  }
}
