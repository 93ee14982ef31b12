import { z } from 'zod';
import { AgentRef, Id, Name, Timestamp } from './ids';
import { plainText } from './agent-spec';
import { Capability } from './manager';
import { RoleName } from './message';

/** A step's id within its plan: a short name the plan's `dependsOn` lists refer to. */
export const StepId = Name;

/**
 * Who does a step: one agent (id or name), any agent with a role, or a manager's pool (the manager's
 * strategy picks the worker). A role or pool with nobody available leaves the step waiting, not failed.
 */
export const StepAssignee = z.union([
  z.strictObject({ agent: AgentRef }),
  z.strictObject({ role: RoleName }),
  z.strictObject({
    manager: AgentRef.describe('manager name or id'),
    role: RoleName.optional().describe('only workers with this role'),
    capabilities: z.array(Capability).max(32).optional().describe('only workers with every one of these'),
  }),
]);
export type StepAssignee = z.infer<typeof StepAssignee>;

const MAX_REGEX = 500;

/**
 * How a step is judged done. `explicit` (default): the assignee calls `plan.completeStep` (or
 * `plan.failStep`). `regex`: the output given to `plan.completeStep`, or the body of the assignee's reply
 * to the instruction, must match (RE2 syntax: linear time, no look-around or back-references); an output
 * that does not match fails the attempt.
 */
export const StepValidation = z.union([
  z.strictObject({ explicit: z.literal(true) }),
  z.strictObject({
    regex: z.string().min(1).max(MAX_REGEX),
    flags: z
      .string()
      .regex(/^[ims]*$/, 'flags: i, m or s')
      .default(''),
  }),
]);
export type StepValidation = z.infer<typeof StepValidation>;

/** One step as the plan's author writes it. */
export const PlanStepSpec = z.strictObject({
  id: StepId,
  task: plainText(1, 32_000, true).describe('the instruction text sent to the assignee'),
  assignee: StepAssignee,
  dependsOn: z.array(StepId).max(100).default([]),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional()
    .describe('an attempt running longer fails with `timeout`'),
  retries: z.number().int().min(0).max(5).default(0).describe('further attempts after a failed one'),
  validation: StepValidation.default({ explicit: true }),
  approval: z
    .boolean()
    .default(false)
    .describe('ask the human (approval queue, kind plan_step) before the step starts'),
});
export type PlanStepSpec = z.infer<typeof PlanStepSpec>;

export const MAX_PLAN_STEPS = 1000;

/** A plan as its author writes it: steps forming a DAG through `dependsOn`. */
export const PlanSpec = z.strictObject({
  name: Name,
  steps: z.array(PlanStepSpec).min(1).max(MAX_PLAN_STEPS),
  stopOnFailure: z
    .boolean()
    .default(true)
    .describe('true: a failed step skips exactly its (transitive) dependents; false: they run anyway'),
});
export type PlanSpec = z.infer<typeof PlanSpec>;

/**
 * `waiting`: dependencies not done yet, or no assignee available. `awaiting_approval`: gated, asking the
 * human. `running`: an attempt's instruction is out. `skipped`: a dependency failed (stop-on-failure).
 */
export const PlanStepState = z.enum([
  'waiting',
  'awaiting_approval',
  'running',
  'completed',
  'failed',
  'skipped',
  'cancelled',
]);
export type PlanStepState = z.infer<typeof PlanStepState>;

export const PlanState = z.enum(['running', 'paused', 'completed', 'failed', 'cancelled']);
export type PlanState = z.infer<typeof PlanState>;

/** Why an attempt failed. */
export const StepFailure = z.enum([
  'reported',
  'validation',
  'timeout',
  'denied',
  'not_permitted',
  'cancelled',
]);
export type StepFailure = z.infer<typeof StepFailure>;

/** A step as the executor tracks it. */
export const PlanStep = z.object({
  id: StepId,
  task: z.string(),
  assignee: StepAssignee,
  dependsOn: z.array(StepId),
  timeoutSeconds: z.number().int().nullable(),
  retries: z.number().int(),
  validation: StepValidation,
  approval: z.boolean(),
  state: PlanStepState,
  /** The agent doing (or last doing) it. */
  assigneeId: z.string().nullable(),
  /** 1 for the first attempt; 0 before any. */
  attempt: z.number().int().nonnegative(),
  /** `plan:<planId>:<stepId>:<attempt>`: carried by the instruction and by a reply to it. */
  correlationId: z.string().nullable(),
  messageId: Id.nullable(),
  approvalId: Id.nullable(),
  startedAt: Timestamp.nullable(),
  deadline: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  output: z.string().nullable(),
  /** Why the last attempt failed, or why the step waits. */
  reason: z.string().nullable(),
  /** Every failed attempt, oldest first (the last 20): the attempt, how it failed, why, when. */
  failures: z.array(
    z.object({ attempt: z.number().int(), failure: StepFailure, reason: z.string(), at: Timestamp }),
  ),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const Plan = z.object({
  id: Id,
  name: Name,
  state: PlanState,
  stopOnFailure: z.boolean(),
  /** Agent id, or `human`: sends the instructions and may steer the plan. */
  createdBy: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  steps: z.array(PlanStep),
});
export type Plan = z.infer<typeof Plan>;

export const PlanSummary = Plan.omit({ steps: true }).extend({
  counts: z.record(PlanStepState, z.number().int().nonnegative()),
});
export type PlanSummary = z.infer<typeof PlanSummary>;
