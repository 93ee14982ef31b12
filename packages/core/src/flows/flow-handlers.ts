import type { HandlerMap } from '../dispatch/handler';
import type { FlowService } from './flow-service';

export type FlowCommand =
  | 'flow.create'
  | 'flow.update'
  | 'flow.remove'
  | 'flow.list'
  | 'flow.firings'
  | 'flow.enable'
  | 'flow.disable'
  | 'flow.dryRun';

export function flowHandlers(flows: FlowService): HandlerMap<FlowCommand> {
  return {
    'flow.create': (input, { caller }) => flows.create(caller, input),
    'flow.update': (input, { caller }) => flows.update(caller, input.flow, input.spec),
    'flow.remove': (input, { caller }) => flows.remove(caller, input.flow),
    'flow.list': (_input, { caller }) => ({ flows: flows.list(caller) }),
    'flow.firings': (input, { caller }) => ({ firings: flows.firings(caller, input.flow) }),
    'flow.enable': (input, { caller }) => flows.setEnabled(caller, input.flow, true),
    'flow.disable': (input, { caller }) => flows.setEnabled(caller, input.flow, false),
    'flow.dryRun': (input, { caller }) => flows.dryRun(caller, input),
  };
}
