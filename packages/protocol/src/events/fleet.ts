import { z } from 'zod';
import { Agent, AgentTask } from '../model/agent';
import { Id } from '../model/ids';
import { Team } from '../model/team';
import { defineEvent } from './define';

export const fleetEvents = [
  defineEvent('agent.spawned', { agent: Agent }),
  defineEvent('agent.updated', { agent: Agent }),
  defineEvent('agent.closed', { agentId: Id, reason: z.string().optional() }),
  /** The agent's current task changed (null: it has none now). */
  defineEvent('agent.task_changed', { agentId: Id, task: AgentTask.nullable() }),
  defineEvent('team.created', { team: Team }),
  defineEvent('team.updated', { team: Team }),
  defineEvent('team.deleted', { teamId: Id }),
] as const;
