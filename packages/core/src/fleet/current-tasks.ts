import {
  AGENT_TASK_MAX,
  type AgentTask,
  type AgentTaskSource,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { redactSecrets } from '../secrets/redact';

export interface CurrentTasksDeps {
  bus: EventBus;
  clock: Clock;
  /**
   * The instructions and handoffs among these messages (body, when sent), in one query: every
   * `message.acked` asks, and a batch of acknowledged events must not cost a lookup per message.
   */
  instructionsAmong(ids: readonly string[]): { id: string; body: string; created_ms: number }[];
  /** Whether an agent by this id exists (a message's recipient may be the human). */
  isAgent(id: string): boolean;
}

type Known = Partial<Record<AgentTaskSource, AgentTask>>;

/** Sources by rank: the plan step an agent runs beats what it says it does, which beats its last instruction. */
const RANK: readonly AgentTaskSource[] = ['plan_step', 'status', 'instruction'];
const STEP_ENDS = new Set([
  'plan.step_completed',
  'plan.step_failed',
  'plan.step_timed_out',
  'plan.step_cancelled',
  'plan.step_skipped',
]);

/** One line, redacted, at most `AGENT_TASK_MAX` characters (an ellipsis marks a cut); undefined when empty. */
export function taskLine(text: string): string | undefined {
  const line = redactSecrets(text).replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length <= AGENT_TASK_MAX ? line : `${line.slice(0, AGENT_TASK_MAX - 1)}…`;
}

/**
 * Each agent's current task, from three sources: the plan step it runs (`plan.step_started` until the
 * step ends or moves to another agent), else its own word (`health.heartbeat` with a note; an empty
 * note takes it back), else the last instruction or handoff it acknowledged. A change is streamed as
 * `agent.task_changed` (to the human and the agent itself). Kept in memory: a host restart starts
 * every agent without one until its next step, note or instruction.
 */
export class CurrentTasks {
  private readonly known = new Map<string, Known>();
  private readonly stop: () => void;

  constructor(private readonly deps: CurrentTasksDeps) {
    this.stop = deps.bus.subscribe((event) => this.onEvent(event));
  }

  list(): AgentTask[] {
    return [...this.known.keys()].flatMap((agentId) => this.currentOf(agentId) ?? []);
  }

  currentOf(agentId: string): AgentTask | undefined {
    const known = this.known.get(agentId);
    return known && RANK.map((source) => known[source]).find((task) => task !== undefined);
  }

  /** What the agent says it is doing (`health.heartbeat` note); an empty note clears it; no note leaves it. */
  reportStatus(agentId: string, note: string | undefined): void {
    if (note === undefined) return;
    const text = taskLine(note);
    this.set(agentId, 'status', text === undefined ? undefined : { text, ref: null });
  }

  close(): void {
    this.stop();
  }

  private onEvent(event: SwitchboardEvent): void {
    if (event.type === 'plan.step_started' && event.step.assigneeId) {
      const text = taskLine(event.step.task);
      if (text)
        this.set(event.step.assigneeId, 'plan_step', { text, ref: `plan:${event.planId}:${event.step.id}` });
    } else if (STEP_ENDS.has(event.type) || event.type === 'plan.step_reassigned') {
      const fact = event as Extract<SwitchboardEvent, { type: 'plan.step_completed' }>;
      const ref = `plan:${fact.planId}:${fact.step.id}`;
      const from = event.type === 'plan.step_reassigned' ? event.from : fact.step.assigneeId;
      if (from && this.known.get(from)?.plan_step?.ref === ref) this.set(from, 'plan_step', undefined);
    } else if (event.type === 'message.acked') {
      this.acknowledged(event.recipientId, event.messageIds);
    } else if (event.type === 'agent.closed') {
      this.known.delete(event.agentId);
    }
  }

  /** The newest instruction or handoff among the acknowledged messages becomes the agent's last instruction. */
  private acknowledged(agentId: string, messageIds: readonly string[]): void {
    const instructions = new Map(this.deps.instructionsAmong(messageIds).map((m) => [m.id, m]));
    if (instructions.size === 0) return;
    let newest: { id: string; body: string; at: number } | undefined;
    for (const id of messageIds) {
      const message = instructions.get(id);
      if (!message) continue;
      if (!newest || message.created_ms >= newest.at)
        newest = { id, body: message.body, at: message.created_ms };
    }
    const text = newest && taskLine(newest.body);
    if (newest && text) this.set(agentId, 'instruction', { text, ref: newest.id });
  }

  private set(
    agentId: string,
    source: AgentTaskSource,
    value: { text: string; ref: string | null } | undefined,
  ): void {
    if (!this.deps.isAgent(agentId)) return;
    const before = this.currentOf(agentId);
    const known = { ...this.known.get(agentId) };
    if (value)
      known[source] = { agentId, source, text: value.text, ref: value.ref, since: isoTime(this.deps.clock) };
    else delete known[source];
    if (Object.keys(known).length === 0) this.known.delete(agentId);
    else this.known.set(agentId, known);
    const after = this.currentOf(agentId);
    if (before?.text === after?.text && before?.source === after?.source && before?.ref === after?.ref)
      return;
    this.deps.bus.emit({ type: 'agent.task_changed', agentId, task: after ?? null });
  }
}
