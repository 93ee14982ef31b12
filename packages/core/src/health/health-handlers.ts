import { SwitchboardError } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { HealthMonitor } from './health-monitor';

export type HealthCommand = 'health.get' | 'health.history' | 'health.reportHook';

export function healthHandlers(health: HealthMonitor): HandlerMap<HealthCommand> {
  return {
    'health.get': (input) => health.get(input.agent),
    'health.history': (input) => health.historyOf(input.agent, input.limit),
    'health.reportHook': (input, { caller }) => {
      // The contract admits only agents; the agent is the token's, never a parameter.
      if (caller.kind !== 'agent') throw new SwitchboardError('forbidden', 'Only an agent reports its own hooks');
      return health.reportHook(caller.id, input);
    },
  };
}
