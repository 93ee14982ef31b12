import { describe, expect, it } from 'vitest';
import type { Message } from '@switchboard/protocol';
import { inboxOf } from '../src/inbox/human-inbox';
import { sampleMessage } from './support/sample-message';

const message = (id: string, senderId: string, recipientId: string, state: Message['state']): Message =>
  sampleMessage({ id, senderId, recipientId, state });

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
