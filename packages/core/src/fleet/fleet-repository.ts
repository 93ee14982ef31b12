import type { Agent, AgentKind, AgentState, LayoutPreset, Team } from '@switchboard/protocol';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';
import { FleetIndex, type FleetSnapshot } from './fleet-index';

interface AgentRow {
  id: string;
  name: string;
  kind: string;
  command: string | null;
  cwd: string | null;
  team_id: string | null;
  role: string;
  state: string;
  state_since: string;
  pane_id: string | null;
  position: number;
  created_at: string;
  worktree_path: string | null;
  worktree_branch: string | null;
  worktree_base: string | null;
  worktree_repository: string | null;
  host: string | null;
}
interface TeamRow {
  id: string;
  name: string;
  parent_id: string | null;
  color: string;
  position: number;
  created_at: string;
}

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  name: row.name,
  kind: row.kind as AgentKind,
  command: row.command,
  cwd: row.cwd,
  teamId: row.team_id,
  role: row.role,
  state: row.state as AgentState,
  stateSince: row.state_since,
  paneId: row.pane_id,
  position: row.position,
  createdAt: row.created_at,
  worktree:
    row.worktree_path === null
      ? null
      : {
          path: row.worktree_path,
          branch: row.worktree_branch ?? '',
          base: row.worktree_base ?? '',
          repository: row.worktree_repository ?? '',
        },
  ...(row.host === null ? {} : { host: row.host }),
});
const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  color: row.color,
  position: row.position,
  createdAt: row.created_at,
});
/** A caller's own copy, so changing it never changes the index. */
const copyAgent = (agent: Agent): Agent => ({
  ...agent,
  worktree: agent.worktree ? { ...agent.worktree } : null,
});

/** What reading `agent`'s row back would give (the columns only, no worktree read as null). */
const asStored = (agent: Agent): Agent => ({
  id: agent.id,
  name: agent.name,
  kind: agent.kind,
  command: agent.command,
  cwd: agent.cwd,
  teamId: agent.teamId,
  role: agent.role,
  state: agent.state,
  stateSince: agent.stateSince,
  paneId: agent.paneId,
  position: agent.position,
  createdAt: agent.createdAt,
  worktree: agent.worktree ? { ...agent.worktree } : null,
  ...(agent.host === undefined ? {} : { host: agent.host }),
});

const agentParams = (agent: Agent) => ({
  ...agent,
  worktreePath: agent.worktree?.path ?? null,
  worktreeBranch: agent.worktree?.branch ?? null,
  worktreeBase: agent.worktree?.base ?? null,
  worktreeRepository: agent.worktree?.repository ?? null,
  host: agent.host ?? null,
});

export interface ArrangementRow {
  name: string;
  preset: LayoutPreset;
  body: string;
  savedAt: string;
}

/**
 * The agents closed last, along the `agents_closed` index (close time, id), newest first, then turned oldest first:
 * without it every snapshot sorted every closed agent (~210 ms at 100,000 closed agents, ~3 ms with it; load 20).
 */
export const closedNamesSql = (limit: number): string =>
  `SELECT id, name FROM (SELECT id, name, closed_at FROM agents WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC${limitClause(limit)}) ORDER BY closed_at, id`;

/** SQL for agents, teams, the layout preset and saved arrangements; no rules here, only rows in and out. */
export class FleetRepository {
  private readonly index: FleetIndex;

  constructor(private readonly store: Store) {
    this.index = new FleetIndex(
      () => ({ agents: this.loadAgents(), teams: this.loadTeams() }),
      () => store.db.inTransaction,
      (hook) => store.afterCommit(hook),
    );
  }

  /** Open agents and every team from memory (reloaded after any write); read-only, shared. */
  snapshot(): FleetSnapshot {
    return this.index.current();
  }

  listAgents(teamId?: string): Agent[] {
    const agents = this.index.current().agents;
    return (teamId ? agents.filter((a) => a.teamId === teamId) : agents).map(copyAgent);
  }

  /**
   * The open agent bound to a pane, if any (a copy of that one only: each closed pane, and each keystroke the
   * pane input gate checks, copied every agent to find one — 100 copies per exit when 100 agents exit at once).
   */
  agentInPane(paneId: string): Agent | undefined {
    const agent = this.index.current().agents.find((a) => a.paneId === paneId);
    return agent ? copyAgent(agent) : undefined;
  }

  /** An open agent by id or name. */
  findAgent(ref: string): Agent | undefined {
    const agent = this.index.current().agentsByRef.get(ref);
    return agent ? copyAgent(agent) : undefined;
  }

  /**
   * The names of these agent ids, closed agents included (their records outlive the fleet: the approval history
   * names its askers by them); an id with no record (`human`, or dropped by retention) is absent. One query.
   */
  namesOf(ids: readonly string[]): Map<string, string> {
    const rows = this.store
      .prepare<[string], { id: string; name: string }>(
        'SELECT id, name FROM agents WHERE id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * The one way core names an agent by id: the name it has or had (a closed agent keeps its record's), else the id
   * itself (`human`, an id with no record). An open agent is answered from memory; any other id costs one query.
   */
  nameOf(id: string): string {
    const open = this.index.current().agentsByRef.get(id);
    return open?.id === id ? open.name : (this.namesOf([id]).get(id) ?? id);
  }

  /** `nameOf` for a run of lookups (a timeline, a bundle): each id is looked up once. */
  namer(): (id: string) => string {
    const names = new Map<string, string>();
    return (id) => {
      let name = names.get(id);
      if (name === undefined) names.set(id, (name = this.nameOf(id)));
      return name;
    };
  }

  /** The names of the `limit` agents closed last, oldest first (fleet.snapshot's `formerNames`). One query. */
  closedNames(limit: number): { id: string; name: string }[] {
    return this.store.prepare<[], { id: string; name: string }>(closedNamesSql(limit)).all();
  }

  /** Working folders agents were spawned in (a worktree counts as its repository), closed agents included, newest first. */
  recentFolders(limit: number): string[] {
    return this.store
      .prepare<[], { folder: string }>(
        `SELECT COALESCE(worktree_repository, cwd) AS folder FROM agents WHERE COALESCE(worktree_repository, cwd) IS NOT NULL
         GROUP BY folder ORDER BY max(rowid) DESC${limitClause(limit)}`,
      )
      .all()
      .map((row) => row.folder);
  }

  insertAgent(agent: Agent): void {
    this.index.changed();
    this.store
      .prepare(
        `INSERT INTO agents (id, name, kind, command, cwd, team_id, role, state, state_since, pane_id, position, created_at,
          worktree_path, worktree_branch, worktree_base, worktree_repository, host)
        VALUES (@id, @name, @kind, @command, @cwd, @teamId, @role, @state, @stateSince, @paneId, @position, @createdAt,
          @worktreePath, @worktreeBranch, @worktreeBase, @worktreeRepository, @host)`,
      )
      .run(agentParams(agent));
  }

  updateAgent(agent: Agent): void {
    try {
      this.store
        .prepare(
          `UPDATE agents SET name=@name, kind=@kind, command=@command, cwd=@cwd, team_id=@teamId, role=@role,
        state=@state, state_since=@stateSince, pane_id=@paneId, position=@position, worktree_path=@worktreePath,
        worktree_branch=@worktreeBranch, worktree_base=@worktreeBase, worktree_repository=@worktreeRepository WHERE id=@id`,
        )
        .run(agentParams(agent));
    } catch (error) {
      this.index.changed();
      throw error;
    }
    this.index.agentUpdated(asStored(agent));
  }

  /**
   * The agent as stored but for its state, the state's start and its pane (a health change, a pane gone): only
   * those columns are written. Writing the whole row made SQLite rewrite the open-name index entry and check the
   * team's foreign key for every one of the ~300 state changes of 100 agents exiting together.
   */
  updateAgentState(agent: Agent): void {
    try {
      this.store
        .prepare('UPDATE agents SET state = ?, state_since = ?, pane_id = ? WHERE id = ?')
        .run(agent.state, agent.stateSince, agent.paneId, agent.id);
    } catch (error) {
      this.index.changed();
      throw error;
    }
    this.index.agentUpdated(asStored(agent));
  }

  markAgentClosed(agentId: string, at: string): void {
    this.index.changed();
    this.store.prepare('UPDATE agents SET closed_at = ? WHERE id = ?').run(at, agentId);
  }

  nextAgentPosition(teamId: string | null): number {
    const row = this.store
      .prepare<[string | null], { next: number }>(
        'SELECT coalesce(max(position) + 1, 0) AS next FROM agents WHERE closed_at IS NULL AND team_id IS ?',
      )
      .get(teamId);
    return row?.next ?? 0;
  }

  listTeams(): Team[] {
    return this.index.current().teams.map((team) => ({ ...team }));
  }

  findTeam(ref: string): Team | undefined {
    const team = this.index.current().teamsByRef.get(ref);
    return team ? { ...team } : undefined;
  }

  insertTeam(team: Team): void {
    this.index.changed();
    this.store
      .prepare(
        'INSERT INTO teams (id, name, parent_id, color, position, created_at) VALUES (@id, @name, @parentId, @color, @position, @createdAt)',
      )
      .run(team);
  }

  updateTeam(team: Team): void {
    this.index.changed();
    this.store
      .prepare(
        'UPDATE teams SET name=@name, parent_id=@parentId, color=@color, position=@position WHERE id=@id',
      )
      .run(team);
  }

  deleteTeam(teamId: string): void {
    this.index.changed();
    this.store.prepare('DELETE FROM teams WHERE id = ?').run(teamId);
  }

  teamCount(): number {
    return this.store.prepare<[], { n: number }>('SELECT count(*) AS n FROM teams').get()?.n ?? 0;
  }

  /** Colours in use, for picking a new team's. */
  teamColors(): string[] {
    return this.store
      .prepare<[], { color: string }>('SELECT color FROM teams')
      .all()
      .map((r) => r.color);
  }

  getSetting(key: string): string | undefined {
    return this.store
      .prepare<[string], { value: string }>('SELECT value FROM fleet_settings WHERE key = ?')
      .get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.store
      .prepare(
        'INSERT INTO fleet_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  listArrangements(): ArrangementRow[] {
    return this.store
      .prepare<[], ArrangementRow>(
        'SELECT name, preset, body, saved_at AS savedAt FROM arrangements ORDER BY name',
      )
      .all();
  }

  findArrangement(name: string): ArrangementRow | undefined {
    return this.store
      .prepare<[string], ArrangementRow>(
        'SELECT name, preset, body, saved_at AS savedAt FROM arrangements WHERE name = ?',
      )
      .get(name);
  }

  saveArrangement(row: ArrangementRow): void {
    this.store
      .prepare(
        `INSERT INTO arrangements (name, preset, body, saved_at) VALUES (@name, @preset, @body, @savedAt)
        ON CONFLICT(name) DO UPDATE SET preset = excluded.preset, body = excluded.body, saved_at = excluded.saved_at`,
      )
      .run(row);
  }

  deleteArrangement(name: string): boolean {
    return this.store.prepare('DELETE FROM arrangements WHERE name = ?').run(name).changes > 0;
  }

  /** Closed agents keep no team that is being deleted. */
  detachClosedAgents(teamId: string): void {
    this.index.changed();
    this.store
      .prepare('UPDATE agents SET team_id = NULL WHERE team_id = ? AND closed_at IS NOT NULL')
      .run(teamId);
  }

  private loadAgents(): Agent[] {
    return this.store
      .prepare<[], AgentRow>(
        'SELECT * FROM agents WHERE closed_at IS NULL ORDER BY team_id, position, created_at',
      )
      .all()
      .map(toAgent);
  }

  private loadTeams(): Team[] {
    return this.store
      .prepare<[], TeamRow>('SELECT * FROM teams ORDER BY position, created_at')
      .all()
      .map(toTeam);
  }
}
