import { isCommandName } from '@switchboard/protocol';
import type { Api } from '@switchboard/protocol';
import { secondsSince, type Metrics } from '../ports/metrics';
import type { Tracer } from '../ports/tracer';
import { withOutcome } from './settled-outcome';

export type CallTransport = 'mcp' | 'api' | 'ipc';

/**
 * The API as one transport serves it: each call counted by command and outcome
 * (`switchboard_calls_total`), timed (`switchboard_call_seconds`) and traced as a `<transport> <command>`
 * span (the root of an MCP tool call's trace, or a child of the client's `traceparent`).
 * An unknown command name is counted as `unknown`, so a hostile caller cannot grow the label set.
 */
export function measuredApi(api: Api, transport: CallTransport, metrics: Metrics, tracer: Tracer): Api {
  return {
    subscribe: (listener, viewer) => api.subscribe(listener, viewer),
    invoke: (caller, name, input, options) => {
      const command = isCommandName(name) ? name : 'unknown';
      const started = performance.now();
      const finish = (outcome: string) => {
        metrics.count('switchboard_calls_total', { transport, command, outcome });
        metrics.observe('switchboard_call_seconds', secondsSince(started), { transport, command });
      };
      const attributes = {
        'switchboard.command': command,
        'switchboard.transport': transport,
        'switchboard.caller': caller.kind === 'agent' ? caller.id : caller.kind,
      };
      return withOutcome(
        tracer.span(`${transport} ${command}`, attributes, () => api.invoke(caller, name, input, options)),
        finish,
      );
    },
  };
}
