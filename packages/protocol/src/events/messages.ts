import { z } from 'zod';
import { Id } from '../model/ids';
import { MessageKind, MessagePriority } from '../model/message';
import { defineEvent } from './define';

/** Message events carry ids and routing, never the text (history has it, behind the human's token). */
export const messageEvents = [
  defineEvent('message.sent', {
    messageId: Id,
    kind: MessageKind,
    priority: MessagePriority,
    senderId: z.string(),
    recipientIds: z.array(z.string()),
    correlationId: z.string().nullable(),
    held: z.boolean(),
  }),
  defineEvent('message.delivered', {
    messageId: Id,
    recipientId: z.string(),
    via: z.enum(['receive', 'pane']),
    latencyMs: z.number().nonnegative(),
  }),
  defineEvent('message.acked', { recipientId: z.string(), messageIds: z.array(Id) }),
  defineEvent('message.expired', { messageId: Id, recipientId: z.string() }),
  defineEvent('message.delivery_failed', {
    messageId: Id,
    recipientId: z.string(),
    reason: z.string(),
    attempts: z.number().int().nonnegative(),
  }),
  /** A copy typed into its recipient's pane and its Enter pressed, the submission not seen (never typed again). */
  defineEvent('message.pane_unconfirmed', {
    messageId: Id,
    recipientId: z.string(),
    reason: z.string(),
    attempts: z.number().int().nonnegative(),
  }),
  defineEvent('message.handoff_requested', {
    messageId: Id,
    senderId: z.string(),
    recipientIds: z.array(z.string()),
  }),
  defineEvent('message.handoff_decided', {
    messageId: Id,
    approved: z.boolean(),
    decidedBy: z.string(),
    reason: z.string().nullable(),
  }),
] as const;
