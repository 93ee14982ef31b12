import { Id } from '../model/ids';
import { z } from 'zod';
import { RecoveryLogEntry, RecoveryPolicy, RecoveryStep, RecoveryTrigger } from '../model/recovery';
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
] as const;
