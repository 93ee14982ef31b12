import { logAt, silentLogger, type LogFields, type Logger } from '../ports/logger';

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
