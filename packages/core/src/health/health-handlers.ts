import { SwitchboardError, type ParsedInput } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { HealthMonitor } from './health-monitor';

export type HealthCommand = 'health.get' | 'health.history' | 'health.reportHook';

/** Told of every hook an agent reports, after state detection has taken it (e.g. messaging's submit confirmation). */
export type HookListener = (agentId: string, report: ParsedInput<'health.reportHook'>) => void;

export function healthHandlers(
  health: HealthMonitor,
  onHook: HookListener = () => undefined,
): HandlerMap<HealthCommand> {
  return {
    'health.get': (input) => health.get(input.agent),
    'health.history': (input) => health.historyOf(input.agent, input.limit),
    'health.reportHook': (input, { caller }) => {
      // The contract admits only agents; the agent is the token's, never a parameter.
      if (caller.kind !== 'agent')
        throw new SwitchboardError('forbidden', 'Only an agent reports its own hooks');
      const result = health.reportHook(caller.id, input);
      onHook(caller.id, input);
      return result;
    },
  };
}
