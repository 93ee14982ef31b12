import { HUMAN_INBOX, type Client, type Message, type SwitchboardEvent } from '@switchboard/protocol';

/** History read per inbox to find its held copies, at most (newest first, 200 a page). */
const HISTORY_PAGES = 5;
const PAGE = 200;

/** Whether the pane input gate holds this copy (a permission prompt is up, the human is typing). Pure. */
export const isHeldByGate = (m: Message): boolean => m.pane.state === 'held';

/** Why the gate holds it. Pure. */
export const heldReason = (m: Message): string | null => m.pane.reason;

/**
 * An inbox's copies the pane input gate holds (a permission prompt is up, the human is typing in the pane):
 * still to be delivered, typed into the pane only once the block ends. Pure.
 */
export function heldCopies(messages: readonly Message[], recipientId: string): Message[] {
  return messages.filter(
    (m) =>
      m.recipientId === recipientId && isHeldByGate(m) && (m.state === 'queued' || m.state === 'delivered'),
  );
}

/**
 * Every held message delivery, oldest first: the inboxes whose status counts copies still to be typed
 * (`message.status`), then each one's history, newest first, until that many are looked at. Both commands are the human's: an agent
 * sees only its own inbox's counts and no history, so this list is the human's alone.
 */
export async function loadHeldDeliveries(client: Client): Promise<Message[]> {
  const { inboxes } = await client.call('message.status', {});
  const holding = inboxes.filter((inbox) => inbox.pane.held > 0 && inbox.recipientId !== HUMAN_INBOX);
  const perInbox = await Promise.all(
    holding.map(async (inbox) => {
      const found: Message[] = [];
      let before: number | undefined;
      for (let page = 0; page < HISTORY_PAGES; page += 1) {
        const { messages, hasMore } = await client.call('message.history', {
          agent: inbox.recipientId,
          limit: PAGE,
          ...(before === undefined ? {} : { before }),
        });
        found.push(...heldCopies(messages, inbox.recipientId));
        if (found.length >= inbox.pane.held || !hasMore || messages.length === 0) break;
        before = messages.at(-1)!.cursor;
      }
      return found;
    }),
  );
  return perInbox.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.cursor - b.cursor);
}

const TOUCHING = new Set<SwitchboardEvent['type']>([
  'pane.input_held',
  'pane.human_control',
  'message.sent',
  'message.delivered',
  'message.acked',
  'message.expired',
  'message.delivery_failed',
  'approval.decided',
  'approval.withdrawn',
  'approval.expired',
  'prompt.answered',
  'agent.closed',
]);

/** Events after which the held deliveries are read again (a hold starts or may have ended). */
export const touchesHeldDeliveries = (event: SwitchboardEvent): boolean => TOUCHING.has(event.type);
