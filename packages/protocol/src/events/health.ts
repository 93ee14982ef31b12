import { z } from 'zod';
import { AgentState } from '../model/agent';
import { HealthState } from '../model/health';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const healthEvents = [
  defineEvent('health.state_changed', { agentId: Id, previous: AgentState, health: HealthState }),
  /** The terminal host went away (iTerm2 quit, the embedded server or tmux died, an SSH link dropped): agents read `unreachable`. */
  defineEvent('backend.disconnected', { backend: z.string().max(200) }),
  /** It is back after `gapMs`; agents are re-bound and their states re-read. */
  defineEvent('backend.reconnected', { backend: z.string().max(200), gapMs: z.number().int().min(0) }),
] as const;
