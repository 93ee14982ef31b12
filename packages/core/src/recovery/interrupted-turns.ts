import {
  CONTINUE_TURN_PROMPT,
  InterruptedState,
  SwitchboardError,
  type Agent,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import { HealthHistory } from '../health/health-history';
import { PaneTyper, type PaneTyperOptions } from '../messages/pane-typer';
import type { PaneInputGate, WriteOrigin } from '../panes/input-gate/pane-input-gate';
import { isoTime, type Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';

export interface InterruptedTurnsDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  backend: TerminalBackend;
  /** The continuation is typed through the gate: held while a prompt is up or the human has control. */
  gate: PaneInputGate;
  fleet: FleetService;
  typer?: Partial<PaneTyperOptions>;
}

/** The human clicked Continue: the write is the human's, audited by the gate as such. */
const CONTINUE_ORIGIN: WriteOrigin = { kind: 'human' };

/**
 * Turns cut off when an agent's CLI stopped mid-turn — its pane ended (the embedded server going down with the host,
 * iTerm2 quitting) or it was restarted (`agent.restart`, recovery's restart step) — and came back resuming its
 * conversation: nothing continues the turn it was in (Claude Code shows the last prompt and sits at its input box,
 * reading `idle`). When a resumed agent first settles at its prompt, `agent.resumed` says whether it was mid-turn
 * (its last health state before: working, hung or waiting for input); if it was, the turn is kept in SQLite (a second restart before the human decides still knows)
 * and becomes an attention item, until the human continues it (`continueTurn`: the fixed CONTINUE_TURN_PROMPT typed
 * and submitted, never on its own) or the agent is working again (someone typed in its pane, a message was
 * delivered). An agent that was idle gets `agent.resumed` with `interrupted: null` and no item.
 */
export class InterruptedTurns {
  private readonly typer: PaneTyper;
  private readonly history: HealthHistory;
  /** Resumed, not yet at its prompt: what it was doing when its pane ended (null: not mid-turn). */
  private readonly settling = new Map<string, InterruptedState | null>();
  /** Being continued right now: a second click must not type the prompt twice. */
  private readonly continuing = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: InterruptedTurnsDeps) {
    this.typer = new PaneTyper(deps.backend, deps.gate, deps.clock, deps.typer);
    this.history = new HealthHistory(deps.store);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    this.deps.fleet.resuming = (agent) => this.resuming(agent);
  }

  close(): void {
    this.unsubscribe?.();
    this.deps.fleet.resuming = () => () => undefined;
  }

  /** The interrupted turn waiting for the human, if the agent has one. */
  pending(agentId: string): InterruptedState | undefined {
    return this.row(agentId)?.state;
  }

  /**
   * The human's Continue: types CONTINUE_TURN_PROMPT into the agent's pane and submits it. Only for a turn that
   * waits (`conflict` otherwise), and only while the agent sits at its prompt.
   */
  async continueTurn(agent: Agent): Promise<{ agentId: string; outcome: 'submitted' | 'unconfirmed' }> {
    if (!this.row(agent.id))
      throw new SwitchboardError('conflict', `${agent.name} has no interrupted turn waiting`, {
        hint: 'only an agent resumed after its pane ended mid-turn, not yet working again, is continued this way',
      });
    if (this.continuing.has(agent.id))
      throw new SwitchboardError('conflict', `${agent.name}'s turn is being continued already`);
    if (agent.paneId === null || agent.state !== 'idle')
      throw new SwitchboardError(
        'conflict',
        `${agent.name} is ${agent.state}${agent.paneId === null ? ' with no pane' : ''}, not at its prompt`,
        { hint: 'Continue types into its prompt; go to the pane to see what it shows' },
      );
    this.continuing.add(agent.id);
    try {
      const outcome = await this.typer.deliver(agent.paneId, CONTINUE_TURN_PROMPT, CONTINUE_ORIGIN);
      if (!outcome.ok && !outcome.unconfirmed)
        throw new SwitchboardError(
          'unavailable',
          `Continue was not typed into ${agent.name}'s pane: ${outcome.reason}`,
        );
      this.over(agent.id, 'continued');
      return { agentId: agent.id, outcome: outcome.ok ? 'submitted' : 'unconfirmed' };
    } finally {
      this.continuing.delete(agent.id);
    }
  }

  /** The agent's CLI starts again resuming its conversation: what was it doing when the last one stopped? */
  private resuming(agent: Agent): () => void {
    // Still waiting from an earlier resume (restarted again before the human decided): still interrupted.
    const waiting = this.row(agent.id)?.state;
    const last = this.history.recent(agent.id, 1)[0]?.state;
    const parsed = InterruptedState.safeParse(last);
    this.settling.set(agent.id, waiting ?? (parsed.success ? parsed.data : null));
    return () => this.settling.delete(agent.id);
  }

  private onEvent(event: SwitchboardEvent): void {
    if (event.type === 'agent.closed') {
      this.settling.delete(event.agentId);
      this.deleteRow(event.agentId);
      return;
    }
    if (event.type !== 'health.state_changed') return;
    const { agentId } = event;
    const { state, confidence } = event.health;
    if (this.settling.has(agentId)) {
      // The relaunch's own start reads `working` (its output flows): only the prompt settles it.
      if (state === 'exited' || state === 'lost') this.settling.delete(agentId);
      if (state !== 'idle') return;
      const interrupted = this.settling.get(agentId) ?? null;
      this.settling.delete(agentId);
      if (interrupted)
        this.deps.store
          .prepare('INSERT OR REPLACE INTO interrupted_turns (agent_id, state, at) VALUES (?, ?, ?)')
          .run(agentId, interrupted, isoTime(this.deps.clock));
      this.deps.bus.emit({ type: 'agent.resumed', agentId, interrupted });
      return;
    }
    // Working again, said by two signals (a hook, the screen and the output): someone gave it a turn.
    if (state === 'working' && confidence === 'high' && this.row(agentId) && !this.continuing.has(agentId))
      this.over(agentId, 'working');
  }

  private over(agentId: string, how: 'continued' | 'working'): void {
    this.deleteRow(agentId);
    this.deps.bus.emit({ type: 'agent.turn_continued', agentId, how });
  }

  private deleteRow(agentId: string): void {
    this.deps.store.prepare('DELETE FROM interrupted_turns WHERE agent_id = ?').run(agentId);
  }

  private row(agentId: string): { state: InterruptedState } | undefined {
    return this.deps.store
      .prepare<[string], { state: InterruptedState }>(
        'SELECT state FROM interrupted_turns WHERE agent_id = ?',
      )
      .get(agentId);
  }
}
