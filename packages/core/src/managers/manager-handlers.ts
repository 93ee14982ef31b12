import type { HandlerMap } from '../dispatch/handler';
import type { ManagerService } from './manager-service';

export type ManagerCommand =
  | 'manager.create'
  | 'manager.list'
  | 'manager.status'
  | 'manager.update'
  | 'manager.delete'
  | 'manager.delegate';

export function managerHandlers(managers: ManagerService): HandlerMap<ManagerCommand> {
  return {
    'manager.create': (input, { caller }) => managers.create(caller, input),
    'manager.list': (_input, { caller }) => ({ managers: managers.list(caller) }),
    'manager.status': (input, { caller }) => managers.status(caller, input.manager),
    'manager.update': (input, { caller }) => managers.update(caller, input),
    'manager.delete': (input, { caller }) => managers.delete(caller, input.manager),
    'manager.delegate': (input, { caller }) => managers.delegate(caller, input),
  };
}
