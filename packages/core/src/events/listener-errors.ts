import { logAt, silentLogger, type LogFields, type Logger } from '../ports/logger';
import type { BackendEvent } from '../ports/terminal-backend';

/**
 * An `Emitter`'s `onListenerError` that logs: a listener that throws is another part's bug, and it must not
 * vanish (a plan once stopped for good because a decision listener's `forbidden` was dropped here). The line
 * names the event; `fieldsOf` adds ids from the value (never payloads). The other listeners still run.
 */
export function logListenerError<T>(
  logger: Logger | undefined,
  component: string,
  event: string,
  fieldsOf: (value: T) => LogFields = () => ({}),
): (err: unknown, value: T) => void {
  return (err, value) =>
    logAt.error(logger ?? silentLogger, 'a listener threw', { component, event, ...fieldsOf(value), err });
}

/** What a log line says of a terminal backend's event: its type and pane, never its contents. */
export function backendEventIds(event: BackendEvent): LogFields {
  const paneId = 'paneId' in event ? event.paneId : event.type === 'pane.created' ? event.pane.id : undefined;
  return { event: event.type, ...(paneId ? { paneId } : {}) };
}
