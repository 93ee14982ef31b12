import { z } from 'zod';
import { Id } from '../model/ids';
import { Flow, FlowActionResult, FlowEventRef, FlowFiring, FlowSpec } from '../model/flow';
import { defineCommand } from './define';

const FlowRef = Id.describe('flow id or name');

/** One event of the replay a dry run found a branch for, and what the flow would have called. */
export const FlowDryRunHit = z.object({
  event: FlowEventRef,
  outcome: z.enum(['fired', 'rate_limited']),
  branch: z.number().int(),
  branchName: z.string().nullable(),
  actions: z.array(FlowActionResult.extend({ input: z.unknown() })),
});
export type FlowDryRunHit = z.infer<typeof FlowDryRunHit>;

export const flowCommands = {
  'flow.create': defineCommand({
    description:
      'Create a flow: on a trigger (message kind, agent state change, pane output match, plan/step event, schedule), when its conditions hold, ' +
      'run the first branch whose `when` holds: send, spawn from a template, start a plan, request approval, notify. Actions run as you, with your rights.',
    input: FlowSpec,
    output: Flow,
    callers: ['human', 'agent'],
  }),
  'flow.update': defineCommand({
    description: "Replace a flow's definition (its owner or the human); its firings are kept.",
    input: z.strictObject({ flow: FlowRef, spec: FlowSpec }),
    output: Flow,
    callers: ['human', 'agent'],
  }),
  'flow.remove': defineCommand({
    description: 'Remove a flow and its firings (its owner or the human).',
    input: z.strictObject({ flow: FlowRef }),
    output: z.object({ id: Id }),
    callers: ['human', 'agent'],
  }),
  'flow.list': defineCommand({
    description: 'Flows you may see (an agent: its own) with their last firings.',
    input: z.strictObject({}),
    output: z.object({ flows: z.array(Flow) }),
    callers: ['human', 'agent'],
  }),
  'flow.firings': defineCommand({
    description: "A flow's recorded firings, newest first (the last 50 are kept).",
    input: z.strictObject({ flow: FlowRef }),
    output: z.object({ firings: z.array(FlowFiring) }),
    callers: ['human', 'agent'],
  }),
  'flow.enable': defineCommand({
    description: 'Turn a flow on (its owner or the human).',
    input: z.strictObject({ flow: FlowRef }),
    output: Flow,
    callers: ['human', 'agent'],
  }),
  'flow.disable': defineCommand({
    description: 'Turn a flow off: it stays, and fires on nothing until enabled (its owner or the human).',
    input: z.strictObject({ flow: FlowRef }),
    output: Flow,
    callers: ['human', 'agent'],
  }),
  'flow.dryRun': defineCommand({
    description:
      'Replay recorded events (the newest `limit`, only those you may see) through a flow (`flow`) or a draft (`spec`): what would have fired, ' +
      'with the command inputs it would have sent. Changes nothing and sends nothing. Schedules are not replayed.',
    input: z
      .strictObject({
        flow: FlowRef.optional(),
        spec: FlowSpec.optional(),
        limit: z.number().int().min(1).max(2000).default(500),
      })
      .refine(
        (input) => (input.flow === undefined) !== (input.spec === undefined),
        'give either flow or spec',
      ),
    output: z.object({ replayed: z.number().int(), hits: z.array(FlowDryRunHit) }),
    callers: ['human', 'agent'],
  }),
} as const;
