import { AgentState } from '../model/agent';
import { HealthState } from '../model/health';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const healthEvents = [
  defineEvent('health.state_changed', { agentId: Id, previous: AgentState, health: HealthState }),
] as const;
