import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { inboxOf } from '../src/inbox/human-inbox';

const message = (id: string, senderId: string, recipientId: string, state: Message['state']): Message => ({
  id,
  kind: 'notification',
  senderId,
  recipientId,
  body: id,
  correlationId: null,
  replyTo: null,
  priority: 'normal',
  createdAt: '2026-12-07T16:00:00.000Z',
  expiresAt: null,
  cursor: 1,
  state,
  deliveredAt: null,
  ackedAt: null,
  pane: { state: 'none', attempts: 0, reason: null },
});

describe('inboxOf: the human inbox from message.history (which also lists what the human sent)', () => {
  it('keeps copies to the human, a note to self too (the unread count has it), split unread and read', () => {
    const { unread, read } = inboxOf([
      message('to-ada', 'human', 'agent-ada', 'queued'),
      message('from-ada', 'agent-ada', 'human', 'queued'),
      message('received', 'agent-bob', 'human', 'delivered'),
      message('note-to-self', 'human', 'human', 'queued'),
      message('done', 'agent-ada', 'human', 'acked'),
      message('late', 'agent-bob', 'human', 'expired'),
    ]);
    expect(unread.map((m) => m.id)).toEqual(['from-ada', 'received', 'note-to-self']);
    expect(read.map((m) => m.id)).toEqual(['done', 'late']);
  });
});
