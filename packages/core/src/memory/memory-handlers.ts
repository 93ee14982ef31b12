import type { HandlerMap } from '../dispatch/handler';
import type { MemoryService } from './memory-service';

export type MemoryCommand = 'memory.put' | 'memory.get' | 'memory.search' | 'memory.list' | 'memory.delete';

export function memoryHandlers(memory: MemoryService): HandlerMap<MemoryCommand> {
  return {
    'memory.put': (input, { caller }) => memory.put(caller, input),
    'memory.get': (input, { caller }) => memory.get(caller, input),
    'memory.search': (input, { caller }) => ({ hits: memory.search(caller, input) }),
    'memory.list': (input, { caller }) => memory.list(caller, input),
    'memory.delete': (input, { caller }) => ({ deleted: memory.delete(caller, input) }),
  };
}
