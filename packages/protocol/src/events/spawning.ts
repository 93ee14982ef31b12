import { z } from 'zod';
import { AgentTemplate } from '../model/agent-spec';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const spawningEvents = [
  defineEvent('template.saved', { template: AgentTemplate }),
  defineEvent('template.deleted', { name: z.string() }),
  /** The initial task given at spawn was typed into the agent's CLI and its submission confirmed. */
  defineEvent('agent.task_submitted', { agentId: Id, attempts: z.number().int() }),
  /**
   * The initial task was typed and its submit key pressed, but the submission was not seen within the confirm
   * window (a CPU-starved CLI reads its Enter late): not failed, never typed or pressed again; look at the pane.
   */
  defineEvent('agent.task_unconfirmed', { agentId: Id, attempts: z.number().int(), reason: z.string() }),
  /** The initial task could not be typed or submitted (the CLI never got ready, the pane went away, …). */
  defineEvent('agent.task_failed', { agentId: Id, reason: z.string() }),
  /**
   * A wired CLI sat idle at its prompt `waitedMs` without listing Switchboard's tools: its initial task is held
   * (not typed) until the tools come or the human decides (`agent.decideTask`).
   */
  defineEvent('agent.task_held', { agentId: Id, waitedMs: z.number().int() }),
  /** A held initial task waits no longer: the tools came, or the human said type it anyway or wait again. */
  defineEvent('agent.task_released', { agentId: Id, why: z.enum(['tools', 'type', 'wait']) }),
] as const;
