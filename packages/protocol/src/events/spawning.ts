import { z } from 'zod';
import { AgentTemplate } from '../model/agent-spec';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const spawningEvents = [
  defineEvent('template.saved', { template: AgentTemplate }),
  defineEvent('template.deleted', { name: z.string() }),
  /** The initial task given at spawn was typed into the agent's CLI and its submission confirmed. */
  defineEvent('agent.task_submitted', { agentId: Id, attempts: z.number().int() }),
  /** The initial task could not be typed or submitted (the CLI never got ready, the pane went away, …). */
  defineEvent('agent.task_failed', { agentId: Id, reason: z.string() }),
] as const;
