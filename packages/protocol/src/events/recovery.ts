import { Id } from '../model/ids';
import { z } from 'zod';
import {
  InterruptedState,
  RecoveryLogEntry,
  RecoveryPolicy,
  RecoveryStep,
  RecoveryTrigger,
} from '../model/recovery';
import { defineEvent } from './define';

export const recoveryEvents = [
  /** A ladder step began for an agent (`attempt` counts tries of this step in the episode, from 1). */
  defineEvent('recovery.step_started', {
    agentId: Id,
    step: RecoveryStep,
    trigger: RecoveryTrigger,
    attempt: z.number().int().positive(),
    reason: z.string(),
  }),
  /** A ladder step ended; `entry` is the log row it wrote. */
  defineEvent('recovery.step_finished', { agentId: Id, step: RecoveryStep, entry: RecoveryLogEntry }),
  /** The agent stayed healthy after the last step: the episode is over. */
  defineEvent('recovery.recovered', { agentId: Id, entry: RecoveryLogEntry }),
  /** Automatic recovery stopped for the agent; `approvalId` is the one escalation raised for it. */
  defineEvent('recovery.breaker_opened', {
    agentId: Id,
    failures: z.number().int().nonnegative(),
    approvalId: Id.nullable(),
  }),
  defineEvent('recovery.breaker_closed', { agentId: Id }),
  /** Automatic recovery paused (`agentId` null: fleet-wide). */
  defineEvent('recovery.paused', { agentId: Id.nullable(), reason: z.string().nullable() }),
  defineEvent('recovery.resumed', { agentId: Id.nullable() }),
  /** The human wrote the recovery policy (`recovery.configure` with a change); `policy` is the whole stored one. */
  defineEvent('recovery.policy_changed', { policy: RecoveryPolicy }),
  /**
   * An agent started again resuming its own conversation (a restore after its pane ended, `agent.restart`, recovery's
   * restart step) is at its prompt. `interrupted`: what it was doing when its CLI stopped if that was mid-turn (its
   * turn was cut off and nothing continues it: an attention item until the human continues it or it works again);
   * null when it was not.
   */
  defineEvent('agent.resumed', { agentId: Id, interrupted: InterruptedState.nullable() }),
  /** An interrupted turn is over: the human continued it (`agent.continueTurn`), or the agent is working again. */
  defineEvent('agent.turn_continued', { agentId: Id, how: z.enum(['continued', 'working']) }),
] as const;
