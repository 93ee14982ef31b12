import { humanCaller, SwitchboardError, type SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { MessagingService } from './messaging-service';

/** How long a watch match waits in an inbox before it is dropped unread. */
const MATCH_TTL_SECONDS = 24 * 3600;

/**
 * Puts every output-pattern match addressed to an agent into that agent's inbox as an `event` message,
 * so an agent that was not connected when the line appeared still gets it from `message.receive` (the
 * MCP push reaches live sessions only). Sent on the human's behalf: the human set up or allowed the
 * watch, and no agent's role should be able to block it. Never typed into the pane.
 */
export function deliverWatchMatchesToInboxes(
  bus: EventBus,
  messages: Pick<MessagingService, 'send'>,
): () => void {
  return bus.subscribe((event: SwitchboardEvent) => {
    if (event.type !== 'pane.matched' || event.notifyAgentId === null) return;
    const label = event.label === null ? `watch ${event.watchId}` : `watch "${event.label}"`;
    try {
      messages.send(humanCaller, {
        kind: 'event',
        to: { agent: event.notifyAgentId },
        body: `${label} matched in pane ${event.paneId}: ${event.line}`.slice(0, 32_000),
        correlationId: event.watchId,
        priority: 'normal',
        ttlSeconds: MATCH_TTL_SECONDS,
        dedupe: false,
        typeIntoPane: 'never',
      });
    } catch (err) {
      // The agent to notify was closed in the meantime: nobody is left to tell. Anything else is a failure the bus
      // logs (with the event's type), not a match dropped without a trace.
      if (!(err instanceof SwitchboardError && err.code === 'not_found')) throw err;
    }
  });
}
