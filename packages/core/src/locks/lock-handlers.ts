import type { HandlerMap } from '../dispatch/handler';
import type { LockService } from './lock-service';

export type LockCommand = 'lock.acquire' | 'lock.renew' | 'lock.release' | 'lock.list' | 'lock.request';

export function lockHandlers(locks: LockService): HandlerMap<LockCommand> {
  return {
    'lock.acquire': (input, { caller }) => locks.acquire(caller, input),
    'lock.renew': (input, { caller }) => locks.renew(caller, input),
    'lock.release': (input, { caller }) => {
      locks.release(caller, input);
      return { lockId: input.lockId };
    },
    'lock.list': (input) => ({ locks: locks.list(input) }),
    'lock.request': (input, { caller, signal }) => locks.request(caller, input, signal),
  };
}
