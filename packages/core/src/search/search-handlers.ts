import type { HandlerMap } from '../dispatch/handler';
import type { FleetSearch } from './fleet-search';

export function searchHandlers(search: FleetSearch): HandlerMap<'fleet.search'> {
  return { 'fleet.search': (input) => search.search(input) };
}
