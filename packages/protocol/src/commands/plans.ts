import { z } from 'zod';
import { Id } from '../model/ids';
import { Plan, PlanSpec, PlanState, PlanSummary, StepAssignee, StepId } from '../model/plan';
import { defineCommand } from './define';

const PlanRef = Id.describe('plan id');
const StepRef = z.strictObject({ plan: PlanRef, step: StepId });

export const planCommands = {
  'plan.create': defineCommand({
    description:
      'Create and start a plan: steps with dependsOn (a DAG), an assignee each (agent, role or manager), timeouts, retries, validation ' +
      '(regex or explicit plan.completeStep) and approval gates. Ready steps run in parallel; each is an `instruction` message to its ' +
      'assignee with correlation id plan:<plan>:<step>:<attempt>. Cycles, unknown dependencies and unknown agents are refused (invalid_input, naming them).',
    input: PlanSpec,
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.get': defineCommand({
    description: 'A plan with every step: state, assignee, attempt, times, output, reason.',
    input: z.strictObject({ plan: PlanRef }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.list': defineCommand({
    description: 'Plans, newest first (an agent sees the plans it created or works on).',
    input: z.strictObject({
      state: PlanState.optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ plans: z.array(PlanSummary) }),
    callers: ['human', 'agent'],
  }),
  'plan.pause': defineCommand({
    description:
      "Start no new steps (running ones finish and are recorded). The plan's creator or the human.",
    input: z.strictObject({ plan: PlanRef }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.resume': defineCommand({
    description: 'Start ready steps again after a pause.',
    input: z.strictObject({ plan: PlanRef }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.cancel': defineCommand({
    description: 'Stop the plan: steps not finished end `cancelled`; assignees of running steps are told.',
    input: z.strictObject({ plan: PlanRef, reason: z.string().min(1).max(1000).optional() }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.retryStep': defineCommand({
    description:
      'Run a failed (or skipped) step again with fresh attempts; its skipped dependents wait again. A finished plan runs again.',
    input: StepRef,
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.reassignStep': defineCommand({
    description:
      'Give a step to another assignee; a running attempt is withdrawn and re-sent to the new one.',
    input: StepRef.extend({ assignee: StepAssignee }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
  'plan.completeStep': defineCommand({
    description:
      "The assignee reports its step done, with its output (checked against the step's validation regex, if any: a mismatch fails the attempt).",
    input: StepRef.extend({ output: z.string().max(32_000).default('') }),
    output: z.object({ accepted: z.boolean(), step: Plan.shape.steps.element }),
    callers: ['human', 'agent'],
  }),
  'plan.failStep': defineCommand({
    description: 'The assignee reports its step failed; it is retried if it has retries left.',
    input: StepRef.extend({ reason: z.string().min(1).max(2000) }),
    output: z.object({ step: Plan.shape.steps.element }),
    callers: ['human', 'agent'],
  }),
} as const;
