import { z } from 'zod';
import { AgentRef, Id, TeamRef, Timestamp } from './ids';

/** What a message is for; `handoff` (an agent hands a task to another) may wait for a human decision. */
export const MessageKind = z.enum(['instruction', 'request', 'reply', 'notification', 'event', 'handoff']);
export type MessageKind = z.infer<typeof MessageKind>;

/** Priority, lowest first; `message.receive` without a cursor returns the most urgent first. */
export const MessagePriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type MessagePriority = z.infer<typeof MessagePriority>;

/** A role name as the roles catalog spells it (e.g. "builder"). */
export const RoleName = z.string().min(1).max(64);

/** Message text. Long text is kept whole in the inbox; only the line typed into a pane is shortened. */
export const MessageBody = z
  .string()
  .min(1, 'must not be empty')
  .max(32_000, 'must be at most 32000 characters');

/**
 * Whom a message goes to: one agent, a team (its sub-teams too unless `subteams: false`), every agent
 * with a role, every agent (`broadcast`, never the sender), the human's own inbox, or the agent whose
 * pane has the keyboard focus in the terminal (`focused`: resolved when sent, then treated exactly as
 * naming that agent, so the sender's role must allow messaging it; no focused agent → `not_found`).
 */
export const MessageAddress = z.union([
  z.strictObject({ agent: AgentRef }),
  z.strictObject({ team: TeamRef, subteams: z.boolean().default(true) }),
  z.strictObject({ role: RoleName }),
  z.strictObject({ broadcast: z.literal(true) }),
  z.strictObject({ human: z.literal(true) }),
  z
    .strictObject({ focused: z.literal(true) })
    .describe("the agent whose pane has the terminal's keyboard focus"),
]);
export type MessageAddress = z.infer<typeof MessageAddress>;

/**
 * One call, several texts: each recipient gets the most specific part that reaches it
 * (agent > team, deeper sub-team > its parent team > role > broadcast). Team parts include sub-teams.
 */
export const MessageCascade = z
  .strictObject({
    broadcast: MessageBody.optional(),
    roles: z.record(RoleName, MessageBody).optional(),
    teams: z.record(TeamRef, MessageBody).optional(),
    agents: z.record(AgentRef, MessageBody).optional(),
  })
  .refine(
    (c) =>
      c.broadcast !== undefined ||
      [c.roles, c.teams, c.agents].some((part) => part && Object.keys(part).length > 0),
    {
      message: 'a cascade needs at least one part',
    },
  );
export type MessageCascade = z.infer<typeof MessageCascade>;

/**
 * A recipient's copy of a message, as its inbox and the history show it.
 * `held`: a handoff waiting for a human; `queued`: committed, not yet received; `delivered`: returned by
 * `message.receive` or submitted into the pane, not yet acknowledged; `acked`: done, never delivered again;
 * `expired`: its TTL ran out before an ack; `denied`: a human refused the handoff.
 */
export const DeliveryState = z.enum(['held', 'queued', 'delivered', 'acked', 'expired', 'denied']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/**
 * Typing into the recipient's pane: `none` (not typed: the sender, the recipient's pane-input setting or
 * its kind says no); `pending` (waits until the recipient sits idle at its input prompt; `reason` says
 * what it waits for); `held` (the pane input gate holds it, e.g. a permission prompt is up; `reason`);
 * `typing` (being typed now); `submitted` (the text was typed and submitted: the recipient saw it);
 * `notified` (the recipient uses the endpoint: one short "messages wait" line was typed instead of the
 * text, the copy stays in the inbox); `unconfirmed` (typed and the submit key pressed, the submission not seen
 * within the confirm window: a starved CLI may still read it; never typed or pressed again, the copy stays in
 * the inbox); `failed` (with a reason; the copy stays in the inbox).
 */
export const PaneDeliveryState = z.enum([
  'none',
  'pending',
  'held',
  'typing',
  'submitted',
  'notified',
  'unconfirmed',
  'failed',
]);
export type PaneDeliveryState = z.infer<typeof PaneDeliveryState>;

/** The human's inbox id; messages from the human carry it as sender. */
export const HUMAN_INBOX = 'human';

export const Message = z.object({
  id: Id,
  kind: MessageKind,
  senderId: z.string().describe('an agent id, or "human"'),
  recipientId: z.string().describe('an agent id, or "human"'),
  body: z.string(),
  correlationId: z.string().nullable(),
  replyTo: Id.nullable(),
  priority: MessagePriority,
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  /** Position in the recipient's inbox; increasing, never reused. */
  cursor: z.number().int().nonnegative(),
  state: DeliveryState,
  deliveredAt: Timestamp.nullable(),
  ackedAt: Timestamp.nullable(),
  pane: z.object({
    state: PaneDeliveryState,
    attempts: z.number().int().nonnegative(),
    reason: z.string().nullable(),
  }),
  /** The OpenTelemetry trace the message was sent in (when the host traces), to find it in a trace viewer. */
  traceId: z.string().min(1).max(64).nullable().optional(),
});
export type Message = z.infer<typeof Message>;

/**
 * What may be typed into an agent's pane (its owner's setting, never the sender's): `cli` (default) only
 * into a Claude Code/Codex/Gemini CLI's idle input prompt; `off` never; `shell` also into a bare shell
 * prompt, framed as a no-op (`: '…'`) so the shell never runs it.
 */
export const PaneInputMode = z.enum(['cli', 'off', 'shell']);
export type PaneInputMode = z.infer<typeof PaneInputMode>;

export const InboxStatus = z.object({
  recipientId: z.string(),
  /** Messages waiting to be acknowledged (queued or delivered). */
  depth: z.number().int().nonnegative(),
  /** Of those, returned at least once and not yet acknowledged. */
  unackedDelivered: z.number().int().nonnegative(),
  /** Handoffs waiting for a human decision. */
  held: z.number().int().nonnegative(),
  oldestUnackedAt: Timestamp.nullable(),
  oldestUnackedAgeMs: z.number().nonnegative().nullable(),
  /** Typing into the pane: the recipient's setting (null for the human), copies still to be typed, and why the first waits. */
  pane: z.object({
    input: PaneInputMode.nullable(),
    waiting: z.number().int().nonnegative(),
    held: z.number().int().nonnegative(),
    reason: z.string().nullable(),
  }),
});
export type InboxStatus = z.infer<typeof InboxStatus>;

export const LatencySummary = z.object({
  p50: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type LatencySummary = z.infer<typeof LatencySummary>;

/** One edge of the message-flow graph: everything one sender sent one recipient in the window. */
export const MessageFlowEdge = z.object({
  from: z.string(),
  to: z.string(),
  count: z.number().int().nonnegative(),
  byKind: z.record(z.string(), z.number().int().nonnegative()),
  pending: z.number().int().nonnegative(),
  acked: z.number().int().nonnegative(),
  expired: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  paneFailed: z.number().int().nonnegative(),
  /**
   * Requests on this edge no reply from the recipient answers (yet): matched message by message, by the reply's
   * `replyTo` or its correlation id (a reply's defaults to the request's).
   */
  unanswered: z.number().int().nonnegative(),
  /** Send commit → first delivery (receive returned it or the pane confirmed it), over delivered messages. */
  deliveryLatencyMs: LatencySummary.nullable(),
  lastAt: Timestamp,
});
export type MessageFlowEdge = z.infer<typeof MessageFlowEdge>;

/** An edge of the flow graph with nothing counted yet: where core's aggregate and the UI's live counts start. */
export function emptyFlowEdge(from: string, to: string, lastAt: string): MessageFlowEdge {
  return {
    ...{ from, to, count: 0, byKind: {}, pending: 0, acked: 0, expired: 0, denied: 0 },
    ...{ paneFailed: 0, unanswered: 0, deliveryLatencyMs: null, lastAt },
  };
}
