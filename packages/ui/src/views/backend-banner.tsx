import { useFleet } from './store-context';

/** Says plainly when the terminal host is gone: agents read "unreachable" until it is back. */
export function BackendBanner() {
  const backend = useFleet((s) => s.fleet.backend);
  if (backend.connected) return null;
  const since = backend.since ? new Date(backend.since).toLocaleTimeString() : undefined;
  return (
    <div className="error-banner backend-banner" role="alert" data-testid="backend-banner">
      The terminal backend{backend.name ? ` (${backend.name})` : ''} is disconnected
      {since ? ` since ${since}` : ''}: agents cannot be seen or reached. Switchboard reconnects on its own
      and re-binds every agent.
    </div>
  );
}
