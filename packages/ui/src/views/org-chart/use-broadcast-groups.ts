import { useMemo } from 'react';
import { broadcastGroups, noBroadcastGroups, type BroadcastGroups } from '../../broadcast/broadcast-groups';
import { useLiveQuery } from '../agent-detail/use-live-query';

/** The terminal's broadcast domains, re-read when they change; none where the terminal has no broadcast input. */
export function useBroadcastGroups(): BroadcastGroups {
  const domains = useLiveQuery(
    'broadcast-domains',
    (client) => client.call('broadcast.list', {}),
    (event) =>
      event.type === 'broadcast.domains_changed' ||
      event.type === 'agent.spawned' ||
      event.type === 'agent.closed',
  );
  return useMemo(
    () => (domains.data ? broadcastGroups(domains.data.domains) : noBroadcastGroups),
    [domains.data],
  );
}
