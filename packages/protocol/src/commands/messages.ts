import { z } from 'zod';
import { AgentRef, Id, IsoTime, TeamRef, Timestamp } from '../model/ids';
import {
  DeliveryState,
  InboxStatus,
  Message,
  MessageAddress,
  MessageBody,
  MessageCascade,
  MessageFlowEdge,
  MessageKind,
  MessagePriority,
  PaneInputMode,
} from '../model/message';
import { defineCommand } from './define';

const Cursor = z.number().int().nonnegative();
const Kinds = z.array(MessageKind).min(1).max(6);
/** Whose inbox: an agent may only name itself; the human may name any agent (absent: the caller's own inbox). */
const InboxOwner = AgentRef.optional().describe(
  "whose inbox; agents may only name themselves; absent: the caller's own",
);

export const SendMessageInput = z
  .strictObject({
    kind: MessageKind.default('notification'),
    to: z
      .union([MessageAddress, z.array(MessageAddress).min(1).max(100)])
      .optional()
      .describe('recipients; may be omitted for a reply (it goes to the sender of `replyTo`)'),
    body: MessageBody.optional(),
    cascade: MessageCascade.optional().describe(
      'instead of `to` + `body`: per-audience texts, most specific wins',
    ),
    correlationId: z.string().min(1).max(128).optional().describe('defaults to the correlation of `replyTo`'),
    replyTo: Id.optional().describe('id of the message this answers'),
    priority: MessagePriority.default('normal'),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional()
      .describe('dropped (with an event) if not acknowledged in time'),
    dedupe: z
      .boolean()
      .default(true)
      .describe('skip recipients that got identical content from this sender within the window'),
    typeIntoPane: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe(
        "never: inbox only. auto (and always, kept for old callers): as the recipient's owner set it (message.setPaneInput); a sender cannot force typing",
      ),
  })
  .superRefine((input, context) => {
    if (input.cascade !== undefined) {
      if (input.to !== undefined || input.body !== undefined)
        context.addIssue({
          code: 'custom',
          message: 'use either cascade or to + body, not both',
          path: ['cascade'],
        });
      return;
    }
    if (input.body === undefined)
      context.addIssue({ code: 'custom', message: 'a message needs a body (or a cascade)', path: ['body'] });
    if (input.to === undefined && input.replyTo === undefined)
      context.addIssue({ code: 'custom', message: 'say whom: `to`, or `replyTo` for a reply', path: ['to'] });
  });

export const SendMessageOutput = z.object({
  messageIds: z.array(Id),
  deliveries: z.array(
    z.object({ messageId: Id, recipientId: z.string(), cursor: Cursor, state: DeliveryState }),
  ),
  /** Recipients skipped because they already got identical content within the de-duplication window. */
  deduplicated: z.array(z.object({ recipientId: z.string(), duplicateOf: Id })),
  /** Members of a team, role or broadcast address the sender's role may not message (left out). */
  notPermitted: z.array(z.string()),
  /** Handoffs waiting for a decision: the approval to wait on (approval.wait); the sender also gets the decision as a message. */
  handoffApprovals: z.array(z.object({ messageId: Id, approvalId: Id })),
});

export const messageCommands = {
  'message.send': defineCommand({
    description:
      'Send a typed message to an agent, a team, a role, everyone, or the human; or a cascade of per-audience texts. ' +
      'Returns once every copy is committed. The sender is the caller.',
    input: SendMessageInput,
    output: SendMessageOutput,
    callers: ['human', 'agent'],
  }),
  'message.receive': defineCommand({
    description:
      'Messages waiting in an inbox (most urgent first, or in order after `cursor`). With `wait` it long-polls up to that many seconds. ' +
      'Returned messages come back again until acknowledged: with message.ack, or with `ack` on your next receive ' +
      '(pass the `nextCursor` this call returned once you have handled its messages).',
    input: z.strictObject({
      agent: InboxOwner,
      wait: z.number().min(0).max(600).default(0).describe('seconds to wait for a message if none is there'),
      cursor: Cursor.optional().describe('only messages after this cursor, in order'),
      ack: Cursor.optional().describe(
        'first acknowledge every message this inbox already received up to this cursor (the `nextCursor` of your ' +
          'last receive): as message.ack with `upTo`, committed before this call waits; they never come back',
      ),
      kinds: Kinds.optional(),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.object({
      messages: z.array(Message),
      nextCursor: Cursor,
      hasMore: z.boolean(),
      /** With `ack`: how many received messages it acknowledged (0 when they all were already). */
      acked: z.number().int().nonnegative().optional(),
    }),
    callers: ['human', 'agent'],
  }),
  'message.peek': defineCommand({
    description: 'A look at the next messages of an inbox without receiving them.',
    input: z.strictObject({
      agent: InboxOwner,
      kinds: Kinds.optional(),
      limit: z.number().int().min(1).max(50).default(5),
    }),
    output: z.object({ messages: z.array(Message), depth: z.number().int().nonnegative() }),
    callers: ['human', 'agent'],
  }),
  'message.ack': defineCommand({
    description:
      'Acknowledge messages: by id, every received one up to a cursor (`upTo`), or with `all` every one not yet ' +
      'acknowledged, received or not (up to `upTo` if given), in one call. Acknowledged messages are never delivered again.',
    input: z
      .strictObject({
        agent: InboxOwner,
        messageIds: z.array(Id).min(1).max(500).optional(),
        upTo: Cursor.optional(),
        all: z
          .literal(true)
          .optional()
          .describe(
            'every message of the inbox not yet acknowledged, received or not (with upTo: up to that cursor)',
          ),
      })
      .refine((i) => (i.messageIds === undefined) !== (i.upTo === undefined && i.all === undefined), {
        message: 'give either messageIds, upTo or all',
        path: ['messageIds'],
      }),
    output: z.object({
      acked: z.number().int().nonnegative(),
      alreadyAcked: z.number().int().nonnegative(),
      expired: z.number().int().nonnegative(),
    }),
    callers: ['human', 'agent'],
  }),
  'message.status': defineCommand({
    description:
      "Inbox depth and the age of the oldest unacknowledged message: the caller's own inbox, one agent's, or (human, no agent) every inbox.",
    input: z.strictObject({ agent: AgentRef.optional() }),
    output: z.object({ inboxes: z.array(InboxStatus) }),
    callers: ['human', 'agent'],
  }),
  'message.history': defineCommand({
    description:
      'Past messages, newest first: between two agents, to or from one agent, within a team, in a time window.',
    input: z
      .strictObject({
        agent: AgentRef.optional().describe(
          'messages sent or received by this agent ("human" for the human)',
        ),
        peer: AgentRef.optional().describe('with `agent`: only messages between the two'),
        team: TeamRef.optional().describe('sender or recipient was in this team when it was sent'),
        subteams: z.boolean().default(true),
        kinds: Kinds.optional(),
        since: IsoTime.optional(),
        until: IsoTime.optional(),
        before: Cursor.optional().describe('page: only entries with a smaller cursor'),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .refine((i) => i.peer === undefined || i.agent !== undefined, {
        message: 'peer needs agent',
        path: ['peer'],
      }),
    output: z.object({ messages: z.array(Message), hasMore: z.boolean() }),
    callers: ['human'],
  }),
  'message.flow': defineCommand({
    description:
      'The message-flow graph: per sender → recipient edge, counts by kind and state and delivery latency, in a time window.',
    input: z.strictObject({
      team: TeamRef.optional(),
      subteams: z.boolean().default(true),
      kinds: Kinds.optional(),
      since: IsoTime.optional(),
      until: IsoTime.optional(),
    }),
    output: z.object({
      edges: z.array(MessageFlowEdge),
      since: Timestamp.nullable(),
      until: Timestamp.nullable(),
    }),
    callers: ['human'],
  }),
  'message.setPaneInput': defineCommand({
    description:
      "What may be typed into an agent's pane when messages arrive: cli (default: only a CLI's idle input prompt), off, or shell " +
      '(also a bare shell prompt, framed as a no-op). The owner decides; a sender cannot override it.',
    input: z.strictObject({ agent: AgentRef, mode: PaneInputMode }),
    output: z.object({ agentId: Id, mode: PaneInputMode }),
    callers: ['human'],
  }),
  'message.decide': defineCommand({
    description:
      'Approve or deny a handoff that is waiting for a human; approved copies are delivered, denied ones never are.',
    input: z.strictObject({
      message: Id,
      approve: z.boolean(),
      reason: z.string().min(1).max(2000).optional(),
    }),
    output: z.object({
      messageId: Id,
      state: z.enum(['released', 'denied']),
      recipients: z.number().int().nonnegative(),
    }),
    callers: ['human'],
  }),
} as const;
