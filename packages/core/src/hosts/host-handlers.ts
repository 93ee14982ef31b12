import type { HandlerMap } from '../dispatch/handler';
import type { HostRegistry } from './host-registry';

export function hostHandlers(hosts: HostRegistry): HandlerMap<'host.add' | 'host.list' | 'host.remove'> {
  return {
    'host.add': (input) => hosts.add(input.name, input.url),
    'host.list': () => ({ hosts: hosts.list() }),
    'host.remove': (input) => hosts.remove(input.name),
  };
}
