import { SwitchboardError } from '@switchboard/protocol';
import { backendEventIds, logListenerError } from '../events/listener-errors';
import type { Logger } from '../ports/logger';
import type { TerminalBackend } from '../ports/terminal-backend';

/**
 * The terminal backend as core sees it: every call that fails is logged once here (component
 * `backend`, the operation, the pane, the error), so the services that turn such failures into
 * `unavailable` for their caller need no logging of their own; connection loss and return are logged
 * as they are reported. `not_found` and `invalid_input` are answers, not failures, and stay quiet. A listener
 * given to `onEvent` that throws is logged with the event's type (`logListenerError`: some backends' emitters log nothing) and
 * does not stop the backend's other listeners.
 */
export function loggedBackend(backend: TerminalBackend, logger: Logger): TerminalBackend {
  const log = logger.child({ component: 'backend', backend: backend.name });
  backend.onEvent((event) => {
    if (event.type === 'backend.disconnected') log.log('warn', 'the terminal backend disconnected');
    else if (event.type === 'backend.reconnected')
      log.log('info', 'the terminal backend reconnected', { gapMs: event.gapMs });
  });
  const listenerFailed = logListenerError(log, 'backend', 'backend event', backendEventIds);
  const onEvent: TerminalBackend['onEvent'] = (listener) =>
    backend.onEvent((event) => {
      try {
        listener(event);
      } catch (err) {
        listenerFailed(err, event);
      }
    });
  const quiet = new Set(['not_found', 'invalid_input', 'conflict']);
  return new Proxy(backend, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'onEvent') return onEvent;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (!(error instanceof SwitchboardError && quiet.has(error.code))) {
            const paneId = typeof args[0] === 'string' ? args[0] : undefined;
            log.log('warn', `${String(property)} failed`, {
              operation: String(property),
              ...(paneId ? { paneId } : {}),
              err: error,
            });
          }
          throw error;
        });
      };
    },
  });
}
