import type { Agent, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import { PaneTyper, type PaneTyperOptions } from '../messages/pane-typer';
import type { PaneInputGate, WriteOrigin } from '../panes/input-gate/pane-input-gate';
import { isoTime, type Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { McpPresence } from './mcp-presence';

export interface InitialTaskOptions {
  /** How long to wait for the CLI to sit idle at its prompt before giving up. */
  readyTimeoutMs: number;
  /**
   * How long after the spawn a CLI wired to Switchboard's MCP endpoint (Claude Code, Codex, Gemini CLI) may take
   * to list Switchboard's tools before its task is typed anyway (a CLI that never connects still gets its task).
   */
  mcpWaitMs: number;
  typer: Partial<PaneTyperOptions>;
}

export const DEFAULT_INITIAL_TASK_OPTIONS: InitialTaskOptions = {
  readyTimeoutMs: 5 * 60_000,
  mcpWaitMs: 30_000,
  typer: {},
};

/** The kinds Switchboard wires to its MCP endpoint at launch (`wiring/agent-wiring.ts`). */
const WIRED_TO_MCP: ReadonlySet<Agent['kind']> = new Set(['claude', 'codex', 'gemini']);

export interface InitialTaskDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  backend: TerminalBackend;
  /** Every keystroke of the task goes through the gate: held while a prompt is up or the human has control. */
  gate: PaneInputGate;
  fleet: FleetService;
  /** Which agents' MCP clients have listed Switchboard's tools: a wired CLI's task waits for its own. */
  mcpPresence?: McpPresence;
  options?: Partial<InitialTaskOptions>;
}

/** Switchboard types the task its spawner gave (a spawner needs the right to spawn, checked before). */
const INITIAL_TASK_ORIGIN: WriteOrigin = { kind: 'system', what: 'initial task' };

interface TaskRow {
  agent_id: string;
  task: string;
  state: 'pending' | 'typing' | 'submitted' | 'failed';
  created_at: string;
}

/**
 * The first prompt given at spawn, typed into the agent's CLI once its state is `idle` (at its input
 * prompt) and, for a CLI wired to Switchboard's MCP endpoint, once that CLI has listed Switchboard's tools
 * (Claude Code shows its prompt before its MCP servers connect, and a turn begun then has none of their
 * tools; at most `mcpWaitMs` after the spawn), then submitted with the same confirm-and-retry typing messages use. Pending tasks are in
 * SQLite, so a task survives a host restart; one that was being typed when the host stopped is
 * reported failed rather than typed twice.
 */
export class InitialTasks {
  private readonly typer: PaneTyper;
  private readonly options: InitialTaskOptions;
  private readonly timers = new Map<string, () => void>();
  /** A wired CLI's task waiting for its tools: typed when the wait is over (`watch`), if no `tools/list` came first. */
  private readonly toolWaits = new Map<string, () => void>();
  private unsubscribe: (() => void) | undefined;
  private stopPresence: (() => void) | undefined;

  constructor(private readonly deps: InitialTaskDeps) {
    this.options = { ...DEFAULT_INITIAL_TASK_OPTIONS, ...deps.options };
    this.typer = new PaneTyper(deps.backend, deps.gate, deps.clock, this.options.typer);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    this.stopPresence = this.deps.mcpPresence?.onMarked((agentId) => this.typeIfIdle(agentId));
    for (const row of this.rows('typing'))
      this.finish(row.agent_id, {
        ok: false,
        reason: 'the host stopped while the task was being typed; not typed again',
      });
    for (const row of this.rows('pending')) {
      const agent = this.deps.fleet.repository.findAgent(row.agent_id);
      if (!agent) this.finish(row.agent_id, { ok: false, reason: 'the agent is gone' });
      else this.watch(agent);
    }
  }

  close(): void {
    this.unsubscribe?.();
    this.stopPresence?.();
    for (const cancel of [...this.timers.values(), ...this.toolWaits.values()]) cancel();
    this.timers.clear();
    this.toolWaits.clear();
  }

  /** Remembers the task for a freshly spawned agent; it is typed as soon as the agent is idle. */
  add(agent: Agent, task: string): void {
    this.deps.store.db
      .prepare(
        "INSERT OR REPLACE INTO initial_tasks (agent_id, task, state, created_at) VALUES (?, ?, 'pending', ?)",
      )
      .run(agent.id, task, isoTime(this.deps.clock));
    this.watch(this.deps.fleet.repository.findAgent(agent.id) ?? agent);
  }

  /** The task's state for an agent (tests and the UI's detail view). */
  stateOf(agentId: string): TaskRow['state'] | undefined {
    return this.row(agentId)?.state;
  }

  private watch(agent: Agent): void {
    if (!this.timers.has(agent.id)) {
      this.timers.set(
        agent.id,
        this.deps.clock.setTimeout(() => {
          this.timers.delete(agent.id);
          if (this.row(agent.id)?.state === 'pending') {
            this.finish(agent.id, {
              ok: false,
              reason: `the CLI was not ready at its prompt within ${Math.round(this.options.readyTimeoutMs / 1000)} s`,
            });
          }
        }, this.options.readyTimeoutMs),
      );
    }
    // A wired CLI's task is typed once its tools are listed (`onMarked`), or when the wait for them is over.
    const row = this.row(agent.id);
    const left = row ? this.toolWaitLeft(agent, row) : 0;
    if (left > 0 && !this.toolWaits.has(agent.id))
      this.toolWaits.set(
        agent.id,
        this.deps.clock.setTimeout(() => {
          this.toolWaits.delete(agent.id);
          // Looked at afresh: a timer that fired a moment early waits the rest.
          const now = this.deps.fleet.repository.findAgent(agent.id);
          if (now && this.row(agent.id)?.state === 'pending') this.watch(now);
        }, left),
      );
    if (agent.state === 'idle') void this.type(agent);
  }

  private onEvent(event: SwitchboardEvent): void {
    if (
      event.type === 'agent.updated' &&
      event.agent.state === 'idle' &&
      this.row(event.agent.id)?.state === 'pending'
    )
      void this.type(event.agent);
    if (event.type === 'agent.closed' && this.row(event.agentId)?.state === 'pending')
      this.finish(event.agentId, { ok: false, reason: 'the agent was closed' });
  }

  private typeIfIdle(agentId: string): void {
    const agent = this.deps.fleet.repository.findAgent(agentId);
    if (agent?.state === 'idle') void this.type(agent);
  }

  /** How long a wired CLI's task may still wait for its tools (0: it has them, or is not wired, or waited enough). */
  private toolWaitLeft(agent: Agent, row: TaskRow): number {
    const presence = this.deps.mcpPresence;
    if (!presence || !WIRED_TO_MCP.has(agent.kind) || presence.has(agent.id)) return 0;
    return Math.max(0, Date.parse(row.created_at) + this.options.mcpWaitMs - this.deps.clock.now());
  }

  private async type(agent: Agent): Promise<void> {
    const row = this.row(agent.id);
    if (row?.state !== 'pending') return;
    if (agent.paneId === null || this.toolWaitLeft(agent, row) > 0) return;
    this.deps.store.db.prepare("UPDATE initial_tasks SET state = 'typing' WHERE agent_id = ?").run(agent.id);
    // A newline would submit half the task: typed tasks are one line.
    const outcome = await this.typer.deliver(
      agent.paneId,
      row.task.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
      INITIAL_TASK_ORIGIN,
    );
    this.finish(
      agent.id,
      outcome.ok
        ? { ok: true, attempts: outcome.attempts }
        : { ok: false, reason: outcome.reason, attempts: outcome.attempts },
    );
  }

  private finish(
    agentId: string,
    outcome: { ok: true; attempts: number } | { ok: false; reason: string; attempts?: number },
  ): void {
    this.timers.get(agentId)?.();
    this.timers.delete(agentId);
    this.toolWaits.get(agentId)?.();
    this.toolWaits.delete(agentId);
    this.deps.store.db
      .prepare('UPDATE initial_tasks SET state = ?, attempts = ?, reason = ? WHERE agent_id = ?')
      .run(
        outcome.ok ? 'submitted' : 'failed',
        outcome.attempts ?? 0,
        outcome.ok ? null : outcome.reason,
        agentId,
      );
    if (outcome.ok) this.deps.bus.emit({ type: 'agent.task_submitted', agentId, attempts: outcome.attempts });
    else this.deps.bus.emit({ type: 'agent.task_failed', agentId, reason: outcome.reason });
  }

  private row(agentId: string): TaskRow | undefined {
    return this.deps.store.db
      .prepare<[string], TaskRow>('SELECT * FROM initial_tasks WHERE agent_id = ?')
      .get(agentId);
  }

  private rows(state: TaskRow['state']): TaskRow[] {
    return this.deps.store.db
      .prepare<[string], TaskRow>('SELECT * FROM initial_tasks WHERE state = ?')
      .all(state);
  }
}
