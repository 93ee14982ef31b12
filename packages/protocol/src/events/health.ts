import { z } from 'zod';
import { AgentState } from '../model/agent';
import { HealthState } from '../model/health';
import { Id } from '../model/ids';
import { defineEvent } from './define';

/** A registered remote host's name as events carry it. */
const HostLabel = z.string().min(1).max(200);

export const healthEvents = [
  defineEvent('health.state_changed', { agentId: Id, previous: AgentState, health: HealthState }),
  /**
   * The terminal host went away (iTerm2 quit, the embedded server or tmux died): agents read `unreachable`.
   * With `host`: only that remote host's connection dropped (docs/remote.md): only its agents do.
   */
  defineEvent('backend.disconnected', { backend: z.string().max(200), host: HostLabel.optional() }),
  /** It is back after `gapMs`; agents (of `host`, when given) are re-bound and their states re-read. */
  defineEvent('backend.reconnected', {
    backend: z.string().max(200),
    host: HostLabel.optional(),
    gapMs: z.number().int().min(0),
  }),
] as const;
