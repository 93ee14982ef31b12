import { secondsSince, type Metrics } from '../ports/metrics';
import type { Tracer } from '../ports/tracer';
import type { TerminalBackend } from '../ports/terminal-backend';
import { withOutcome } from '../telemetry/settled-outcome';

/**
 * The terminal backend with every request counted and timed (`switchboard_backend_requests_total`,
 * `switchboard_backend_request_seconds`) and, inside a trace, a `backend.<operation>` span (a pane
 * write is the last span of a message's trace). Background polls outside any trace make no span, so an
 * idle fleet exports nothing.
 */
export function measuredBackend(backend: TerminalBackend, metrics: Metrics, tracer: Tracer): TerminalBackend {
  return new Proxy(backend, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const call = (value as (...args: unknown[]) => unknown).bind(target);
      if (property === 'onEvent' || property === 'close') return call;
      const operation = String(property);
      return (...args: unknown[]) => {
        const started = performance.now();
        const finish = (outcome: string) => {
          metrics.count('switchboard_backend_requests_total', { operation, outcome });
          metrics.observe('switchboard_backend_request_seconds', secondsSince(started), { operation });
        };
        const run = () => call(...args);
        const traced = tracer.enabled && tracer.traceparent() !== undefined;
        const result = traced ? tracer.span(`backend.${operation}`, paneAttribute(args[0]), run) : run();
        if (!(result instanceof Promise)) return result;
        return withOutcome(result, finish);
      };
    },
  });
}

function paneAttribute(first: unknown): Record<string, string> {
  return typeof first === 'string' ? { 'switchboard.pane_id': first } : {};
}
