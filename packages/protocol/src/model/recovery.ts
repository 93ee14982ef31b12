import { z } from 'zod';
import { AgentKind, AgentState } from './agent';
import { Id, Timestamp } from './ids';

/** The rungs of the recovery ladder, gentlest first. */
export const RecoveryStep = z.enum(['nudge', 'interrupt', 'restart', 'replace', 'escalate']);
export type RecoveryStep = z.infer<typeof RecoveryStep>;

/** What started a recovery episode: no heartbeat while working (`hung`), or the agent's process ended. */
export const RecoveryTrigger = z.enum(['hung', 'exited', 'manual']);
export type RecoveryTrigger = z.infer<typeof RecoveryTrigger>;

/** Where an agent's last sign of life came from. */
export const HeartbeatSource = z.enum(['output', 'prompt_mark', 'hook', 'call', 'explicit', 'state']);
export type HeartbeatSource = z.infer<typeof HeartbeatSource>;

/** What one recovery-log row records: a ladder step, or a fact about the episode. */
export const RecoveryAction = z.enum([
  'detected',
  'nudge',
  'interrupt',
  'restart',
  'replace',
  'escalate',
  'recovered',
  'breaker_opened',
  'breaker_closed',
  'paused',
  'resumed',
]);
export type RecoveryAction = z.infer<typeof RecoveryAction>;

/** `ok`: done; `failed`: tried and it went wrong; `skipped`: not tried (paused, rate-limited, nothing to do). */
export const RecoveryOutcome = z.enum(['ok', 'failed', 'skipped']);
export type RecoveryOutcome = z.infer<typeof RecoveryOutcome>;

/** Bounds of one ladder step. */
export const StepBounds = z.object({
  /** Tries of this step per episode before the ladder moves on. */
  attempts: z.number().int().min(0).max(20),
  /** How long after a try the agent gets to show signs of life before the next try or step. */
  coolDownMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000),
});
export type StepBounds = z.infer<typeof StepBounds>;

/** The whole recovery configuration (what `recovery.configure` returns and partly accepts). */
export const RecoveryPolicy = z.object({
  /** Silence while `working` before an agent is declared hung: by role first, then by CLI kind, then the default. */
  hungAfterMs: z.object({
    default: z.number().int().min(100),
    kinds: z.partialRecord(AgentKind, z.number().int().min(100)),
    roles: z.record(z.string(), z.number().int().min(100)),
  }),
  /** Steps tried, in order, for a hung agent. */
  hungLadder: z.array(RecoveryStep).max(10),
  /** Steps tried, in order, for an agent whose process exited. */
  exitedLadder: z.array(RecoveryStep).max(10),
  steps: z.object({
    nudge: StepBounds,
    interrupt: StepBounds,
    restart: StepBounds,
    replace: StepBounds,
    escalate: StepBounds,
  }),
  /** Fleet-wide: at most this many automatic steps per minute (bursts up to `burst`). */
  globalRate: z.object({
    perMinute: z.number().int().min(1).max(10_000),
    burst: z.number().int().min(1).max(10_000),
  }),
  /** Failed steps (a try after which the agent was still stuck) within `windowMs` that open an agent's breaker. */
  breaker: z.object({ maxFailures: z.number().int().min(1).max(100), windowMs: z.number().int().min(1000) }),
  /** The agent counts as recovered once it has stayed out of hung/exited this long after the last step. */
  recoveredAfterMs: z.number().int().min(0),
  /** The text of a nudge. */
  nudgeText: z.string().min(1).max(2000),
  /** How a nudge arrives: a message (typed into the pane for claude/codex/gemini, else the inbox) or the text typed into the pane with Enter. */
  nudgeVia: z.enum(['message', 'text']).default('message'),
  /** Resume the conversation on restart where the CLI can (`claude --continue`). */
  resumeOnRestart: z.boolean(),
});
export type RecoveryPolicy = z.infer<typeof RecoveryPolicy>;

/** The last ladder step taken for an agent. */
export const LastRecoveryStep = z.object({
  step: RecoveryStep,
  outcome: RecoveryOutcome,
  detail: z.string(),
  at: Timestamp,
});
export type LastRecoveryStep = z.infer<typeof LastRecoveryStep>;

/** One agent's recovery status, for the dashboard. */
export const AgentRecoveryStatus = z.object({
  agentId: Id,
  name: z.string(),
  state: AgentState,
  /** Automatic recovery is off for this agent (its own pause, or the fleet's). */
  paused: z.boolean(),
  /** Paused for this agent alone (stays paused when the fleet resumes). */
  pausedSelf: z.boolean(),
  breaker: z.enum(['closed', 'open']),
  /** Failed steps inside the breaker window. */
  failures: z.number().int().nonnegative(),
  /** The episode under way: what started it, the step reached, tries per step so far. */
  episode: z
    .object({
      trigger: RecoveryTrigger,
      startedAt: Timestamp,
      step: RecoveryStep.nullable(),
      attempts: z.partialRecord(RecoveryStep, z.number().int().nonnegative()),
    })
    .nullable(),
  /** Tries of every step since the agent was first watched. */
  totalAttempts: z.number().int().nonnegative(),
  heartbeat: z
    .object({ at: Timestamp, source: HeartbeatSource, ageMs: z.number().int().nonnegative() })
    .nullable(),
  /** Silence while working after which this agent is declared hung. */
  hungAfterMs: z.number().int().positive(),
  lastStep: LastRecoveryStep.nullable(),
});
export type AgentRecoveryStatus = z.infer<typeof AgentRecoveryStatus>;

/** One row of the recovery log. */
export const RecoveryLogEntry = z.object({
  id: z.number().int().positive(),
  agentId: Id,
  agentName: z.string(),
  action: RecoveryAction,
  trigger: RecoveryTrigger.nullable(),
  outcome: RecoveryOutcome,
  /** Why this happened (e.g. "no heartbeat for 120s while working"). */
  reason: z.string(),
  /** What came of it (e.g. "replaced by builder-2", "rate-limited: retry in 4s"). */
  detail: z.string(),
  attempt: z.number().int().nonnegative(),
  at: Timestamp,
});
export type RecoveryLogEntry = z.infer<typeof RecoveryLogEntry>;

/**
 * What "Continue" types into the pane of an agent resumed after its pane ended mid-turn (`agent.continueTurn`):
 * fixed, so the person knows exactly what the agent is told, and one line (typed and submitted as a message is).
 */
export const CONTINUE_TURN_PROMPT =
  'Your last turn was interrupted: Switchboard restarted your session. Continue where you left off.';

/** What an agent resumed after its pane ended was doing then: mid-turn (its turn was cut off), or not. */
export const InterruptedState = z.enum(['working', 'hung', 'waiting_for_input']);
export type InterruptedState = z.infer<typeof InterruptedState>;
