import { z } from 'zod';
import { AgentState } from './agent';
import { AgentRef, Id, Name, Timestamp } from './ids';
import { MessageAddress, MessageKind, MessagePriority } from './message';
import { NotificationLevel } from './pane';
import { PlanSpec, StepId } from './plan';

/** Bounds: flows in all, branches per flow, actions per firing, conditions per list, firings kept per flow, events kept for replay. */
export const MAX_FLOWS = 100;
export const MAX_FLOW_BRANCHES = 10;
export const MAX_FLOW_ACTIONS = 10;
export const MAX_FLOW_CONDITIONS = 20;
export const FLOW_FIRINGS_KEPT = 50;
export const FLOW_EVENTS_KEPT = 2000;

/** An RE2 pattern (linear time: a hostile pattern cannot hang the host). */
export const FlowPattern = z.strictObject({
  regex: z.string().min(1).max(500),
  flags: z
    .string()
    .regex(/^[ims]*$/, 'flags: i, m or s')
    .default(''),
});
export type FlowPattern = z.infer<typeof FlowPattern>;

/** The plan events a flow may react to (`plan.` left off). */
export const FlowPlanEvent = z.enum([
  'created',
  'state_changed',
  'step_started',
  'step_awaiting_approval',
  'step_completed',
  'step_failed',
  'step_timed_out',
  'step_retried',
  'step_skipped',
  'step_cancelled',
  'step_reassigned',
  'step_waiting',
]);

/**
 * What a flow reacts to. `message`: a message was sent (`message.sent`: kind, sender, recipients; never the
 * body). `agent_state`: an agent's state changed (`health.state_changed`). `output`: a pane watch matched a
 * line (`pane.matched`; set the watch with `pane.watch`), optionally only lines matching `pattern`.
 * `plan`: a plan or step event. `schedule`: every `everySeconds`.
 */
export const FlowTrigger = z.discriminatedUnion('on', [
  z.strictObject({
    on: z.literal('message'),
    kind: MessageKind.optional(),
    from: AgentRef.optional(),
    to: AgentRef.optional(),
  }),
  z.strictObject({
    on: z.literal('agent_state'),
    agent: AgentRef.optional(),
    to: AgentState.optional(),
    from: AgentState.optional(),
  }),
  z.strictObject({
    on: z.literal('output'),
    agent: AgentRef.optional(),
    label: z.string().max(200).optional(),
    pattern: FlowPattern.optional(),
  }),
  z.strictObject({
    on: z.literal('plan'),
    events: z.array(FlowPlanEvent).min(1).max(12).optional(),
    plan: Name.optional().describe('the plan name'),
    step: StepId.optional(),
  }),
  z.strictObject({
    on: z.literal('schedule'),
    everySeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600),
  }),
]);
export type FlowTrigger = z.infer<typeof FlowTrigger>;

/** A dotted path into the triggering event (`health`, `step.state`, `failure`, `line`, `planName`). */
const FieldPath = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+){0,5}$/, 'a dotted path like step.state');
const Scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/** One test on the event: equal to a value, one of several, matching an RE2 pattern, or present/absent. */
export const FlowCondition = z.union([
  z.strictObject({ field: FieldPath, equals: Scalar }),
  z.strictObject({ field: FieldPath, notEquals: Scalar }),
  z.strictObject({ field: FieldPath, in: z.array(Scalar).min(1).max(50) }),
  z.strictObject({ field: FieldPath, matches: FlowPattern }),
  z.strictObject({ field: FieldPath, exists: z.boolean() }),
]);
export type FlowCondition = z.infer<typeof FlowCondition>;
const Conditions = z.array(FlowCondition).max(MAX_FLOW_CONDITIONS);

/** Text with `{{path}}` placeholders filled from the event (each value cut to 500 characters). */
const Template = (max: number) => z.string().min(1).max(max);

/**
 * What a flow does. Each action is the command a person or agent would call (`message.send`,
 * `template.spawn`, `plan.create`, `approval.request`, `human.notify`), called as the flow's owner: the
 * same role checks, rate limits and audit.
 */
export const FlowAction = z.discriminatedUnion('do', [
  z.strictObject({
    do: z.literal('send'),
    to: MessageAddress,
    kind: MessageKind.exclude(['reply', 'handoff']).default('notification'),
    body: Template(4000),
    priority: MessagePriority.default('normal'),
  }),
  z.strictObject({
    do: z.literal('spawn'),
    template: Name,
    count: z.number().int().min(1).max(5).default(1),
    task: Template(4000).optional(),
  }),
  z.strictObject({ do: z.literal('start_plan'), plan: PlanSpec }),
  z.strictObject({
    do: z.literal('request_approval'),
    summary: Template(2000),
    expiresInMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  }),
  z.strictObject({
    do: z.literal('notify'),
    level: NotificationLevel.default('info'),
    summary: Template(200),
    details: Template(4000).optional(),
  }),
]);
export type FlowAction = z.infer<typeof FlowAction>;

/** The router: the first branch whose `when` holds (an empty `when` always holds) runs its actions. */
export const FlowBranch = z.strictObject({
  name: Name.optional(),
  when: Conditions.default([]),
  actions: z.array(FlowAction).min(1).max(MAX_FLOW_ACTIONS),
});
export type FlowBranch = z.infer<typeof FlowBranch>;

/** A flow as its author writes it. */
export const FlowSpec = z.strictObject({
  name: Name,
  description: z.string().max(2000).optional(),
  trigger: FlowTrigger,
  conditions: Conditions.default([]).describe('all must hold before the router picks a branch'),
  branches: z.array(FlowBranch).min(1).max(MAX_FLOW_BRANCHES),
  maxFiringsPerMinute: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(6)
    .describe('firings beyond this in any 60 s are suppressed (rate_limited)'),
  enabled: z.boolean().default(true),
});
export type FlowSpec = z.infer<typeof FlowSpec>;

/** What one action did (or, in a dry run, would call). */
export const FlowActionResult = z.object({
  do: z.enum(['send', 'spawn', 'start_plan', 'request_approval', 'notify']),
  command: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  /** What it made: message, plan, approval or agent ids. */
  result: z.array(z.string()),
});
export type FlowActionResult = z.infer<typeof FlowActionResult>;

/**
 * `fired`: a branch ran. `rate_limited`: more than maxFiringsPerMinute. `loop`: the event was caused by this
 * flow's own actions (directly or through other flows), or the chain of flows was too long.
 */
export const FlowOutcome = z.enum(['fired', 'rate_limited', 'loop']);

/** The event a firing answered: its type and host sequence (`schedule`: none). */
export const FlowEventRef = z.object({
  type: z.string(),
  sequence: z.number().int().nullable(),
  at: Timestamp,
});

export const FlowFiring = z.object({
  id: Id,
  flowId: Id,
  at: Timestamp,
  event: FlowEventRef,
  outcome: FlowOutcome,
  branch: z.number().int().nullable(),
  actions: z.array(FlowActionResult),
});
export type FlowFiring = z.infer<typeof FlowFiring>;

export const Flow = FlowSpec.extend({
  id: Id,
  ownerId: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The newest firings first (at most 5 here; the rest in flow.list's firings). */
  lastFirings: z.array(FlowFiring),
});
export type Flow = z.infer<typeof Flow>;
