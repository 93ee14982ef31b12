import { randomUUID } from 'node:crypto';
import type { Caller, HumanNotification, ParsedInput } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';

/** human.notify: an agent tells the person something; kept in the store (redacted) and announced as an event. */
export class HumanNotifications {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  notify(input: ParsedInput<'human.notify'>, caller: Caller): HumanNotification {
    const notification: HumanNotification = {
      id: `note-${randomUUID()}`,
      fromAgentId: caller.kind === 'agent' ? caller.id : null,
      level: input.level,
      summary: redactSecrets(input.summary),
      details: input.details === undefined ? null : redactSecrets(input.details),
      createdAt: isoTime(this.clock),
    };
    this.store
      .prepare(
        'INSERT INTO human_notifications (id, from_agent_id, level, summary, details, created_at) VALUES (@id, @fromAgentId, @level, @summary, @details, @createdAt)',
      )
      .run(notification);
    this.bus.emit({ type: 'human.notified', notification });
    return notification;
  }
}
