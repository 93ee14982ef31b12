import { z } from 'zod';
import {
  Approval,
  ApprovalKind,
  ApprovalPayload,
  ApprovalPolicy,
  ApprovalStatus,
  ApprovalVerdict,
  PolicyAction,
} from '../model/approval';
import { hasControlCharacters } from '../model/agent-spec';
import { Id, IsoTime } from '../model/ids';
import { MAX_MEMORY_DEPTH, jsonValueProblem } from '../model/memory';
import { defineCommand } from './define';

const MINUTE = 60_000;
/** How long a caller may block on one call; longer waits call `approval.wait` again. */
export const MAX_WAIT_MS = 10 * MINUTE;

const waitMs = z.number().int().min(0).max(MAX_WAIT_MS);
const Waited = z.object({
  approval: Approval,
  timedOut: z.boolean().describe('true if the wait ended before a decision'),
});

/**
 * The most a requested payload may hold, serialised: room for every known field at its longest (command 8 KiB,
 * message 64 KiB, resource 4 KiB) and some more; before, only the request body's 1 MiB bounded it.
 */
export const MAX_APPROVAL_PAYLOAD = 96 * 1024;

/**
 * Payload fields Switchboard gives meaning to when it raises an item itself, refused on `approval.request` (an
 * agent's request is the agent's), each with where the real thing is asked for. Accepted until session 26: an
 * agent's `lockHolder` made its item concern that agent (listed and announced to it) and matched the person's
 * `holder` policies, and with `lockResource` an approval handed that agent's lease to the requester — a policy
 * "alice shares main" gave any agent alice's lease with nobody asked; `recipients` withdrew the item when those
 * agents closed; `planId` kept it from being withdrawn with its requester. `agentId` (session 27) made an agent's own
 * escalation read as Switchboard's recovery escalation (no "alice wrote:" in the UI, no reply to the asker).
 */
export const CORE_PAYLOAD_FIELDS: Readonly<Record<string, string>> = {
  lockHolder: "a lock request's holder; ask for a held lease with lock.request",
  lockResource: "a lock request's lease; ask for a held lease with lock.request",
  recipients: "a handoff's recipients; hand work over with message.send (kind handoff)",
  planId: "a plan step's plan; plan steps are asked for by their plan (plan.create)",
  stepId: "a plan step's step; plan steps are asked for by their plan (plan.create)",
  agentId:
    'the agent a recovery escalation is about; Switchboard raises those itself (an agent asks with its own words)',
};

/**
 * What an agent may put in a payload: the known fields but Switchboard's own (`CORE_PAYLOAD_FIELDS`, `source`), and
 * any other plain JSON at most `MAX_MEMORY_DEPTH` levels deep and `MAX_APPROVAL_PAYLOAD` characters. Deeper values
 * used to pass the contract and overflow the stack of core's redaction walk: `internal` instead of `invalid_input`.
 */
const RequestedPayload = ApprovalPayload.superRefine((payload, context) => {
  const problem = jsonValueProblem(payload, MAX_APPROVAL_PAYLOAD);
  if (problem) context.addIssue({ code: 'custom', message: `payload ${problem}` });
  for (const [field, meaning] of Object.entries(CORE_PAYLOAD_FIELDS))
    if (payload[field] !== undefined)
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `is set by Switchboard only (${meaning})`,
      });
  // Switchboard's own permission items (a prompt seen on screen or told by a hook) carry these: the answer to one
  // is pressed into that prompt's pane. A requested item claiming to be one was answered into the pane it named
  // (another agent's prompt, approved by a person who read the forged summary).
  if (payload['source'] === 'screen' || payload['source'] === 'hook')
    context.addIssue({
      code: 'custom',
      path: ['source'],
      message: `payload.source "${payload['source']}" marks the items Switchboard raises for permission prompts`,
    });
}).describe(
  `the command, message, … and any other plain JSON, at most ${MAX_MEMORY_DEPTH} levels deep and 96 KiB serialised; ` +
    `not the fields Switchboard sets on its own items (${Object.keys(CORE_PAYLOAD_FIELDS).join(', ')}, source)`,
);

export const RequestApprovalInput = z.strictObject({
  kind: ApprovalKind,
  // What the person reads to decide: no escape sequences, no bidirectional overrides that would show it reordered.
  summary: z
    .string()
    .min(1)
    .max(2000)
    .refine((s) => !hasControlCharacters(s, true), 'no control characters (newlines are fine)')
    .describe('one line a person can decide on'),
  payload: RequestedPayload.default({}),
  choices: z
    .array(
      z
        .string()
        .min(1)
        .max(200)
        .refine((s) => !hasControlCharacters(s), 'no control characters'),
    )
    .min(1)
    .max(10)
    .default(['approve', 'deny']),
  expiresInMs: z
    .number()
    .int()
    .min(1000)
    .max(7 * 24 * 60 * MINUTE)
    .default(15 * MINUTE),
  onExpiry: ApprovalVerdict.default('deny').describe('what expiry means; deny unless said otherwise'),
  waitMs: waitMs.default(0).describe('block up to this long for the decision (0: return at once)'),
});

export const DecideApprovalInput = z.strictObject({
  decisions: z
    .array(
      z.strictObject({
        id: Id,
        verdict: ApprovalVerdict,
        choice: z.string().min(1).max(200).optional(),
        comment: z.string().max(2000).optional(),
      }),
    )
    .min(1)
    .max(200)
    .describe('decided together: if one is invalid, none is applied'),
});

export const AddPolicyInput = z.strictObject({
  kind: ApprovalKind.optional(),
  requester: z.string().min(1).max(128).optional(),
  team: z.string().min(1).max(128).optional(),
  holder: z.string().min(1).max(128).optional(),
  pattern: z.string().min(1).max(1000).optional(),
  action: PolicyAction,
  comment: z.string().max(2000).optional(),
  position: z.number().int().nonnegative().optional().describe('0 = first; default: last'),
});

/** Input of `policy.update`: given fields change, `null` clears a match field, absent ones stay. */
export const UpdatePolicyInput = z.strictObject({
  id: Id,
  kind: ApprovalKind.nullable().optional(),
  requester: z.string().min(1).max(128).nullable().optional(),
  team: z.string().min(1).max(128).nullable().optional(),
  holder: z.string().min(1).max(128).nullable().optional(),
  pattern: z.string().min(1).max(1000).nullable().optional(),
  action: PolicyAction.optional(),
  comment: z.string().max(2000).nullable().optional(),
  position: z.number().int().nonnegative().optional().describe('move it: 0 = first'),
});

export const approvalCommands = {
  'approval.request': defineCommand({
    description:
      'Put an item in the approval queue (handoff, lock, permission, plan step, escalation); optionally wait for the decision.',
    input: RequestApprovalInput,
    output: Waited,
    callers: ['human', 'agent'],
  }),
  'approval.wait': defineCommand({
    description: 'Wait for the decision on an approval item, up to waitMs.',
    input: z.strictObject({ id: Id, waitMs }),
    output: Waited,
    callers: ['human', 'agent'],
  }),
  'approval.decide': defineCommand({
    description: 'Approve or deny one or more pending items, with an optional choice and comment.',
    input: DecideApprovalInput,
    output: z.object({ approvals: z.array(Approval) }),
    callers: ['human', 'agent'],
  }),
  'approval.list': defineCommand({
    description: 'The queue: items by status (pending by default), oldest first.',
    input: z.strictObject({
      status: ApprovalStatus.default('pending'),
      kind: ApprovalKind.optional(),
      requester: z.string().min(1).max(128).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({ approvals: z.array(Approval) }),
    callers: ['human', 'agent'],
  }),
  'approval.history': defineCommand({
    description: 'Decided and expired items, newest decision first.',
    input: z.strictObject({
      kind: ApprovalKind.optional(),
      before: IsoTime.optional().describe('only items decided before this time'),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ approvals: z.array(Approval) }),
    callers: ['human', 'agent'],
  }),
  'policy.list': defineCommand({
    description: 'The approval policies, in the order they are checked (first match wins).',
    input: z.strictObject({}),
    output: z.object({ policies: z.array(ApprovalPolicy) }),
    callers: ['human', 'agent'],
  }),
  'policy.add': defineCommand({
    description:
      'Add an approval policy: items matching every given field are auto-approved, auto-denied or left to ask.',
    input: AddPolicyInput,
    output: ApprovalPolicy,
    callers: ['human'],
  }),
  'policy.update': defineCommand({
    description:
      'Edit an approval policy in place: what it matches, its action, its comment or its place in the order.',
    input: UpdatePolicyInput,
    output: ApprovalPolicy,
    callers: ['human'],
  }),
  'policy.remove': defineCommand({
    description: 'Remove an approval policy.',
    input: z.strictObject({ id: Id }),
    output: z.object({ id: Id }),
    callers: ['human'],
  }),
} as const;
