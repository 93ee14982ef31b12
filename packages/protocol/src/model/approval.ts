import { z } from 'zod';
import { Id, Timestamp } from './ids';

/** What a queue item asks the human (or a policy) to decide. */
export const ApprovalKind = z.enum(['handoff', 'lock', 'permission', 'plan_step', 'escalation']);
export type ApprovalKind = z.infer<typeof ApprovalKind>;

/**
 * `withdrawn`: the question went away without a decision (a permission prompt answered in the terminal, its
 * requester closed, a plan step cancelled, …); `withdrawnReason` says why.
 */
export const ApprovalStatus = z.enum(['pending', 'approved', 'denied', 'expired', 'withdrawn']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const ApprovalVerdict = z.enum(['approve', 'deny']);
export type ApprovalVerdict = z.infer<typeof ApprovalVerdict>;

/** The thing being decided: the command to run, the message to pass on, the lock and its holder, … */
export const ApprovalPayload = z
  .object({
    command: z.string().max(8192).optional(),
    message: z.string().max(65536).optional(),
    lockHolder: z.string().max(128).optional(),
    resource: z.string().max(4096).optional(),
  })
  .catchall(z.unknown());
export type ApprovalPayload = z.infer<typeof ApprovalPayload>;

/** How an item was decided. `decidedBy` is `human`, an agent id, `policy:<id>` or `expiry`. */
export const ApprovalDecision = z.object({
  verdict: ApprovalVerdict,
  choice: z.string().nullable(),
  comment: z.string().nullable(),
  decidedBy: z.string(),
  automatic: z.boolean(),
  policyId: Id.nullable(),
  decidedAt: Timestamp,
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const Approval = z.object({
  id: Id,
  kind: ApprovalKind,
  /** Agent id, or `human`. */
  requester: z.string(),
  /**
   * The requesting agent's name, on `approval.list` and `approval.history` reads and the `approval.*` events: an
   * agent closed or replaced since is no longer in the fleet, and its id alone told the person nothing. Absent for
   * `human` and agents the store no longer knows.
   */
  requesterName: z.string().optional(),
  summary: z.string(),
  payload: ApprovalPayload,
  /** The answers offered; the first is what "approve" means unless a choice is named. */
  choices: z.array(z.string()),
  status: ApprovalStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  /** What expiry means for this item: deny unless the requester asked otherwise. */
  onExpiry: ApprovalVerdict,
  decision: ApprovalDecision.nullable(),
  /**
   * For a decided permission prompt: how Switchboard carried the decision out in the pane, stored with the item (the
   * `prompt.answered` event only reaches windows open at that moment). `null` while the keys are on their way.
   */
  answer: z
    .object({ confirmed: z.boolean(), error: z.string().nullable(), keys: z.array(z.string()) })
    .nullable()
    .optional(),
  /** When it stopped waiting (decided, expired or withdrawn); absent while pending. A withdrawn item has no decision. */
  closedAt: Timestamp.nullable().optional(),
  /** Why a withdrawn item was taken off the queue ("its requester alice was closed"); absent otherwise. */
  withdrawnReason: z.string().optional(),
  /** The OpenTelemetry trace the item was raised in (when the host traces), to find it in a trace viewer. */
  traceId: z.string().min(1).max(64).nullable().optional(),
});
export type Approval = z.infer<typeof Approval>;

/**
 * A policy pattern that matches this text and nothing else: `*`, `?` and `\` written `\*`, `\?`, `\\` (a backslash
 * before any other character is itself). "Always allow this" writes the agent's command so: taken as a glob, its
 * `rm -rf build/*` allowed `rm -rf build/../..` (session 26).
 */
export const literalGlob = (text: string): string => text.replace(/[*?\\]/g, '\\$&');

/** What a policy does with an item it matches. `ask` leaves it for the human. */
export const PolicyAction = z.enum(['approve', 'deny', 'ask']);
export type PolicyAction = z.infer<typeof PolicyAction>;

/**
 * A rule for automatic decisions, stored as data. Every set field must match; unset fields match
 * anything. Policies are checked in `position` order and the first match wins.
 */
export const ApprovalPolicy = z.object({
  id: Id,
  position: z.number().int().nonnegative(),
  kind: ApprovalKind.nullable(),
  /** Agent id or name of the requester. */
  requester: z.string().nullable(),
  /** Team id or name of the requester. */
  team: z.string().nullable(),
  /** For lock requests: the current holder (agent id or name); lets a holder pre-agree to hand over. */
  holder: z.string().nullable(),
  /**
   * A glob (`*`, `?`; `\*`, `\?`, `\\` literal) matched against the summary, the command and the resource; an
   * `approve` policy only against what is approved: the command, else the resource, else the summary.
   */
  pattern: z.string().nullable(),
  action: PolicyAction,
  comment: z.string().nullable(),
  createdAt: Timestamp,
});
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;
