import type { Message } from '@switchboard/protocol';

/** A message copy as message.history returns it: these fields, the rest plain (a queued notification, body = id). */
export function sampleMessage(
  fields: Pick<Message, 'id' | 'senderId' | 'recipientId'> & Partial<Message>,
): Message {
  return {
    kind: 'notification',
    body: fields.id,
    correlationId: null,
    replyTo: null,
    priority: 'normal',
    createdAt: '2026-01-01T00:00:00Z',
    expiresAt: null,
    cursor: 1,
    state: 'queued',
    deliveredAt: null,
    ackedAt: null,
    pane: { state: 'none', attempts: 0, reason: null },
    ...fields,
  };
}
