import type { SimSession } from './session';

interface SessionLookup {
  sessions: ReadonlyMap<string, SimSession>;
}

/**
 * The broadcast domains as iTerm2 keeps them (iTermBroadcastInputHelper `sanitizedDomains`): only live
 * sessions, and only domains left with two or more (a domain of one broadcasts to nobody).
 */
export function liveDomains(domains: readonly (readonly string[])[], model: SessionLookup): string[][] {
  return domains
    .map((ids) => ids.filter((id) => model.sessions.get(id)?.exited === false))
    .filter((ids) => ids.length > 1);
}

/** Sessions that also receive input typed into `session` (its broadcast domain), itself excluded. */
export function broadcastPeers(
  domains: readonly (readonly string[])[],
  model: SessionLookup,
  session: SimSession,
): SimSession[] {
  const domain = liveDomains(domains, model).find((d) => d.includes(session.id));
  return (domain ?? []).filter((id) => id !== session.id).flatMap((id) => model.sessions.get(id) ?? []);
}
