import { SwitchboardError, type Agent, type SwitchboardEvent } from '@switchboard/protocol';
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
   * How long a CLI wired to Switchboard's MCP endpoint (Claude Code, Codex, Gemini CLI) may sit idle at its prompt
   * without having listed Switchboard's tools before `whenToolsLate` applies. Counted from the first time it is idle
   * at its prompt, not from the spawn: a starved CLI is late with its prompt too.
   */
  mcpWaitMs: number;
  /**
   * What happens to the task when `mcpWaitMs` passes without the tools: `hold` it and ask the human (an attention
   * item; `agent.decideTask` types it anyway or waits again), or `type` it anyway (a policy the human wrote).
   */
  whenToolsLate: 'hold' | 'type';
  typer: Partial<PaneTyperOptions>;
}

export const DEFAULT_INITIAL_TASK_OPTIONS: InitialTaskOptions = {
  readyTimeoutMs: 5 * 60_000,
  mcpWaitMs: 30_000,
  whenToolsLate: 'hold',
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

type TaskOutcome =
  { ok: true; attempts: number } | { ok: false; unconfirmed?: true; reason: string; attempts?: number };

interface TaskRow {
  agent_id: string;
  task: string;
  /** `held`: the CLI sat idle `mcpWaitMs` without Switchboard's tools; typed when they come or the human says so. */
  state: 'pending' | 'held' | 'typing' | 'submitted' | 'unconfirmed' | 'failed';
  created_at: string;
}

/**
 * The first prompt given at spawn, typed into the agent's CLI once its state is `idle` (at its input
 * prompt) and, for a CLI wired to Switchboard's MCP endpoint, once that CLI has listed Switchboard's tools
 * (Claude Code shows its prompt before its MCP servers connect, and a turn begun then has none of their
 * tools), then submitted with the same typing messages use (one Enter, a long confirm window;
 * `agent.task_unconfirmed` when the submission was not seen). A wired CLI idle `mcpWaitMs` without its
 * tools has its task held (`agent.task_held`: an attention item) until the tools come or the human
 * decides (`decide`), unless the policy says type anyway. Pending and held tasks are in SQLite, so a
 * task survives a host restart; one that was being typed when the host stopped is reported failed rather
 * than typed twice.
 */
export class InitialTasks {
  private readonly typer: PaneTyper;
  private readonly options: InitialTaskOptions;
  private readonly timers = new Map<string, () => void>();
  /** A wired CLI's task waiting for its tools: held (or typed) when the wait is over, if no `tools/list` came first. */
  private readonly toolWaits = new Map<string, () => void>();
  /** When each pending task's CLI was first seen idle at its prompt (since the host started or the human said wait). */
  private readonly idleSince = new Map<string, number>();
  /** Tasks the human (or the policy) let go without the tools: typed at the next idle prompt. */
  private readonly withoutTools = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private stopPresence: (() => void) | undefined;
  private closed = false;

  constructor(private readonly deps: InitialTaskDeps) {
    this.options = { ...DEFAULT_INITIAL_TASK_OPTIONS, ...deps.options };
    this.typer = new PaneTyper(deps.backend, deps.gate, deps.clock, this.options.typer);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    this.stopPresence = this.deps.mcpPresence?.onMarked((agentId) => this.onTools(agentId));
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
    // A held task stays held (its attention item is stored too) until the tools come or the human decides.
    for (const row of this.rows('held'))
      if (!this.deps.fleet.repository.findAgent(row.agent_id))
        this.finish(row.agent_id, { ok: false, reason: 'the agent is gone' });
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.stopPresence?.();
    for (const cancel of [...this.timers.values(), ...this.toolWaits.values()]) cancel();
    this.timers.clear();
    this.toolWaits.clear();
  }

  /**
   * The human's answer to a held task: `type` it now (at the next idle prompt) without Switchboard's tools, or
   * `wait` another `mcpWaitMs` for them. Only a held task can be decided.
   */
  decide(agent: Agent, decision: 'type' | 'wait'): { agentId: string; state: TaskRow['state'] } {
    const row = this.row(agent.id);
    if (row?.state !== 'held')
      throw new SwitchboardError(
        'conflict',
        row
          ? `${agent.name}'s first task is ${row.state}, not held`
          : `${agent.name} has no first task waiting`,
        { hint: "only a task held for want of Switchboard's tools waits for this decision" },
      );
    this.setState(agent.id, 'pending');
    this.deps.bus.emit({ type: 'agent.task_released', agentId: agent.id, why: decision });
    // Waiting again: another whole `mcpWaitMs`, counted from now.
    if (decision === 'type') this.withoutTools.add(agent.id);
    else this.idleSince.set(agent.id, this.deps.clock.now());
    this.watch(agent);
    return { agentId: agent.id, state: this.row(agent.id)?.state ?? 'pending' };
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

  /**
   * A hook (Claude Code's UserPromptSubmit) says the agent's pane submitted its input: confirms the task being
   * typed, or one called unconfirmed within the typer's `lateHookMs` (then `agent.task_submitted`).
   */
  signalSubmitted(agentId: string): void {
    const paneId = this.deps.fleet.repository.findAgent(agentId)?.paneId;
    if (paneId) this.typer.signalSubmitted(paneId);
  }

  /** The task's state for an agent (tests and the UI's detail view). */
  stateOf(agentId: string): TaskRow['state'] | undefined {
    return this.row(agentId)?.state;
  }

  private watch(agent: Agent): void {
    if (!this.timers.has(agent.id) && !this.idleSince.has(agent.id)) {
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
    if (agent.state === 'idle') this.atPrompt(agent);
  }

  /** The CLI sits idle at its prompt: the tools' wait starts (once), and the task is typed if it may be. */
  private atPrompt(agent: Agent): void {
    if (!this.idleSince.has(agent.id)) {
      this.idleSince.set(agent.id, this.deps.clock.now());
      // It was ready: the ready timeout is over; the tools' wait is what holds it now.
      this.timers.get(agent.id)?.();
      this.timers.delete(agent.id);
    }
    const left = this.toolWaitLeft(agent.id);
    if (left > 0 && this.waitsForTools(agent) && !this.toolWaits.has(agent.id))
      this.toolWaits.set(
        agent.id,
        this.deps.clock.setTimeout(() => {
          this.toolWaits.delete(agent.id);
          this.toolsLate(agent.id);
        }, left),
      );
    void this.type(agent);
  }

  /** `mcpWaitMs` at the prompt without the tools: held for the human, or typed anyway by policy. */
  private toolsLate(agentId: string): void {
    const agent = this.deps.fleet.repository.findAgent(agentId);
    if (!agent || this.row(agentId)?.state !== 'pending' || !this.waitsForTools(agent)) return;
    // Looked at afresh: a timer that fired a moment early waits the rest.
    if (this.toolWaitLeft(agentId) > 0) return this.atPrompt(agent);
    if (this.options.whenToolsLate === 'type') {
      this.withoutTools.add(agentId);
      if (agent.state === 'idle') void this.type(agent);
      return;
    }
    this.setState(agentId, 'held');
    this.deps.bus.emit({ type: 'agent.task_held', agentId, waitedMs: this.options.mcpWaitMs });
  }

  private onEvent(event: SwitchboardEvent): void {
    if (
      event.type === 'agent.updated' &&
      event.agent.state === 'idle' &&
      this.row(event.agent.id)?.state === 'pending'
    )
      this.atPrompt(event.agent);
    if (event.type !== 'agent.closed') return;
    const state = this.row(event.agentId)?.state;
    if (state === 'pending' || state === 'held')
      this.finish(event.agentId, { ok: false, reason: 'the agent was closed' });
  }

  /** The CLI listed Switchboard's tools: a held task goes back to pending, and is typed if the CLI is idle. */
  private onTools(agentId: string): void {
    if (this.row(agentId)?.state === 'held') {
      this.setState(agentId, 'pending');
      this.deps.bus.emit({ type: 'agent.task_released', agentId, why: 'tools' });
    }
    const agent = this.deps.fleet.repository.findAgent(agentId);
    if (agent?.state === 'idle' && this.row(agentId)?.state === 'pending') void this.type(agent);
  }

  /** A wired CLI without Switchboard's tools, whose task nobody let go without them. */
  private waitsForTools(agent: Agent): boolean {
    const presence = this.deps.mcpPresence;
    return (
      presence !== undefined &&
      WIRED_TO_MCP.has(agent.kind) &&
      !presence.has(agent.id) &&
      !this.withoutTools.has(agent.id)
    );
  }

  /** How much of `mcpWaitMs` is left since the CLI was first idle at its prompt (the whole of it before that). */
  private toolWaitLeft(agentId: string): number {
    const since = this.idleSince.get(agentId);
    if (since === undefined) return this.options.mcpWaitMs;
    return Math.max(0, since + this.options.mcpWaitMs - this.deps.clock.now());
  }

  private async type(agent: Agent): Promise<void> {
    const row = this.row(agent.id);
    if (row?.state !== 'pending') return;
    if (agent.paneId === null || this.waitsForTools(agent)) return;
    this.setState(agent.id, 'typing');
    // A newline would submit half the task: typed tasks are one line.
    const outcome = await this.typer.deliver(
      agent.paneId,
      row.task.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
      INITIAL_TASK_ORIGIN,
      {
        onSubmittedLate: (attempts) => {
          if (!this.closed && this.row(agent.id)?.state === 'unconfirmed')
            this.finish(agent.id, { ok: true, attempts });
        },
      },
    );
    // Closed while it was typed (the store with it): the row stays `typing`, reported failed at the next start.
    if (this.closed) return;
    this.finish(
      agent.id,
      outcome.ok
        ? { ok: true, attempts: outcome.attempts }
        : outcome.unconfirmed
          ? { ok: false, unconfirmed: true, reason: outcome.reason, attempts: outcome.attempts }
          : { ok: false, reason: outcome.reason, attempts: outcome.attempts },
    );
  }

  private finish(agentId: string, outcome: TaskOutcome): void {
    this.timers.get(agentId)?.();
    this.timers.delete(agentId);
    this.toolWaits.get(agentId)?.();
    this.toolWaits.delete(agentId);
    this.idleSince.delete(agentId);
    this.withoutTools.delete(agentId);
    this.deps.store.db
      .prepare('UPDATE initial_tasks SET state = ?, attempts = ?, reason = ? WHERE agent_id = ?')
      .run(
        outcome.ok ? 'submitted' : outcome.unconfirmed ? 'unconfirmed' : 'failed',
        outcome.attempts ?? 0,
        outcome.ok ? null : outcome.reason,
        agentId,
      );
    if (outcome.ok) this.deps.bus.emit({ type: 'agent.task_submitted', agentId, attempts: outcome.attempts });
    else if (outcome.unconfirmed)
      this.deps.bus.emit({
        type: 'agent.task_unconfirmed',
        agentId,
        attempts: outcome.attempts ?? 0,
        reason: outcome.reason,
      });
    else this.deps.bus.emit({ type: 'agent.task_failed', agentId, reason: outcome.reason });
  }

  private setState(agentId: string, state: 'pending' | 'held' | 'typing'): void {
    this.deps.store.db.prepare('UPDATE initial_tasks SET state = ? WHERE agent_id = ?').run(state, agentId);
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
