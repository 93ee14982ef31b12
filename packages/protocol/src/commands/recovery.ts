import { z } from 'zod';
import { AgentRef, Id, IsoTime } from '../model/ids';
import {
  AgentRecoveryStatus,
  RecoveryAction,
  RecoveryLogEntry,
  RecoveryOutcome,
  RecoveryPolicy,
  RecoveryStep,
  StepBounds,
} from '../model/recovery';
import { defineCommand } from './define';

/** A partial policy: only the fields given change; maps (`kinds`, `roles`) merge key by key. */
export const ConfigureRecoveryInput = z.strictObject({
  hungAfterMs: z
    .strictObject({
      default: z.number().int().min(100).optional(),
      kinds: RecoveryPolicy.shape.hungAfterMs.shape.kinds.optional(),
      roles: RecoveryPolicy.shape.hungAfterMs.shape.roles.optional(),
    })
    .optional(),
  hungLadder: RecoveryPolicy.shape.hungLadder.optional(),
  exitedLadder: RecoveryPolicy.shape.exitedLadder.optional(),
  steps: z.partialRecord(RecoveryStep, StepBounds.partial()).optional(),
  globalRate: RecoveryPolicy.shape.globalRate.partial().optional(),
  breaker: RecoveryPolicy.shape.breaker.partial().optional(),
  recoveredAfterMs: RecoveryPolicy.shape.recoveredAfterMs.optional(),
  nudgeText: RecoveryPolicy.shape.nudgeText.optional(),
  nudgeVia: z.enum(['message', 'text']).optional(),
  resumeOnRestart: RecoveryPolicy.shape.resumeOnRestart.optional(),
});

export const RecoveryStatusOutput = z.object({
  /** Automatic recovery is paused fleet-wide. */
  paused: z.boolean(),
  agents: z.array(AgentRecoveryStatus),
  /** Automatic steps the fleet-wide rate limit still allows right now. */
  rateTokens: z.number().nonnegative(),
});

export const recoveryCommands = {
  'recovery.status': defineCommand({
    description:
      'Automatic recovery per agent: paused, breaker, episode, attempts, heartbeat age, last step (one agent or all).',
    input: z.strictObject({ agent: AgentRef.optional() }),
    output: RecoveryStatusOutput,
    callers: ['human', 'agent'],
  }),
  'recovery.log': defineCommand({
    description: 'The recovery log: what was done to which agent, why, and what came of it; newest first.',
    input: z.strictObject({
      agent: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .describe('an open agent by id or name, or a closed one by id'),
      action: RecoveryAction.optional(),
      outcome: RecoveryOutcome.optional(),
      since: IsoTime.optional(),
      until: IsoTime.optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ entries: z.array(RecoveryLogEntry) }),
    callers: ['human', 'agent'],
  }),
  'recovery.policy': defineCommand({
    description:
      'The recovery policy as stored (the default until the human writes one); reads, stores nothing, not audited.',
    input: z.strictObject({}),
    output: RecoveryPolicy,
    callers: ['human'],
  }),
  'recovery.configure': defineCommand({
    description:
      'Change the recovery policy (thresholds by role and CLI kind, ladders, step bounds, rate limit, breaker); {} just reads it.',
    input: ConfigureRecoveryInput,
    output: RecoveryPolicy,
    callers: ['human'],
  }),
  'agent.continueTurn': defineCommand({
    description:
      'Continue the turn of an agent resumed after its pane ended mid-turn (its open "turn interrupted" item): types the fixed CONTINUE_TURN_PROMPT into its pane and submits it. The human only; never done by itself.',
    input: z.strictObject({ agent: AgentRef }),
    output: z.object({
      agentId: Id,
      /** `unconfirmed`: typed and Enter pressed, the submission not seen (look at the pane). */
      outcome: z.enum(['submitted', 'unconfirmed']),
    }),
    callers: ['human'],
  }),
  'recovery.reset': defineCommand({
    description:
      "Close an agent's breaker and forget its failures, so automatic recovery may act on it again.",
    input: z.strictObject({ agent: AgentRef }),
    output: AgentRecoveryStatus,
    callers: ['human'],
  }),
} as const;
