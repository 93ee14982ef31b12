import { HUMAN_INBOX, type Client, type Message, type SwitchboardEvent } from '@switchboard/protocol';

/** How many of the human's messages the inbox lists (message.history's page; the unread count is exact). */
export const INBOX_LIST_LIMIT = 200;
/** message.ack takes at most this many ids at once. */
const ACK_BATCH = 500;

/** Not yet acknowledged by the human: queued (never read) or delivered (read through the API, not acked). */
export function isUnread(message: Pick<Message, 'state'>): boolean {
  return message.state === 'queued' || message.state === 'delivered';
}

export interface HumanInbox {
  /** Unread, newest first. */
  unread: Message[];
  /** Acknowledged or expired, newest first. */
  read: Message[];
}

/** The human's received messages (message.history also lists what the human sent) split into unread and read. Pure. */
export function inboxOf(messages: readonly Message[]): HumanInbox {
  const received = messages.filter((m) => m.recipientId === HUMAN_INBOX);
  return {
    unread: received.filter(isUnread),
    read: received.filter((m) => !isUnread(m) && m.state !== 'held' && m.state !== 'denied'),
  };
}

/** The human's messages, newest first (sent and received; `inboxOf` keeps the received). */
export async function loadInbox(client: Client): Promise<{ messages: Message[]; hasMore: boolean }> {
  return client.call('message.history', { agent: HUMAN_INBOX, limit: INBOX_LIST_LIMIT });
}

/** Whether an event changes what the human's inbox lists (a message to it arrived, was acked or expired). */
export function touchesHumanInbox(event: SwitchboardEvent): boolean {
  switch (event.type) {
    case 'message.sent':
      return event.recipientIds.includes(HUMAN_INBOX);
    case 'message.acked':
    case 'message.expired':
    case 'message.delivered':
      return event.recipientId === HUMAN_INBOX;
    case 'retention.swept':
      return Boolean(event.sweep.dropped.humanInbox ?? event.sweep.dropped.messages);
    default:
      return false;
  }
}

/** Acknowledges these messages of the human's inbox (message.ack, in batches); returns how many it acknowledged. */
export async function markRead(client: Client, messageIds: readonly string[]): Promise<number> {
  let acked = 0;
  for (let start = 0; start < messageIds.length; start += ACK_BATCH) {
    const batch = messageIds.slice(start, start + ACK_BATCH);
    acked += (await client.call('message.ack', { messageIds: batch })).acked;
  }
  return acked;
}

/**
 * Acknowledges every unread message of the human's inbox, listed or not, in one call (message.ack `all`):
 * up to `upTo`, the newest cursor the view has listed, so a message that arrived since stays unread.
 * Returns how many it acknowledged. (Before session 23: peek 50, ack those, up to 200 rounds.)
 */
export async function markAllRead(client: Client, upTo?: number): Promise<number> {
  const input = upTo === undefined ? { all: true as const } : { all: true as const, upTo };
  return (await client.call('message.ack', input)).acked;
}

/** The newest cursor among these messages (what "Mark all read" may acknowledge up to), if any. */
export function newestCursor(messages: readonly Pick<Message, 'cursor'>[]): number | undefined {
  return messages.length === 0 ? undefined : Math.max(...messages.map((m) => m.cursor));
}

/** Answers a message as the human (kind reply: it goes to the sender), then marks the message read. */
export async function replyTo(client: Client, message: Message, body: string): Promise<void> {
  await client.call('message.send', { kind: 'reply', replyTo: message.id, body });
  if (isUnread(message)) await markRead(client, [message.id]);
}
