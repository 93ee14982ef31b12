import { useFleet } from './store-context';

/**
 * Says plainly when the page has lost the host: what is shown is the fleet as it was, and nothing done
 * here reaches it. A host started again makes a new token, which this page does not have: then it says
 * where the new address is, rather than "retrying" for ever.
 */
export function HostBanner() {
  const since = useFleet((s) => (s.connection === 'open' ? null : s.disconnectedSince));
  const tokenRefused = useFleet((s) => s.tokenRefused);
  if (since === null) return null;
  const at = new Date(since).toLocaleTimeString();
  return (
    <div className="error-banner host-banner" role="alert" data-testid="host-banner">
      {tokenRefused ? (
        <>
          Switchboard was started again and no longer accepts this page's token (each start makes a new one).
          Open the address it printed at start, <code>UI: http://…/#token=…</code>; this page shows the fleet
          as it was at {at}.
        </>
      ) : (
        <>
          Switchboard's host does not answer since {at}: this page shows the fleet as it was then, and nothing
          done here reaches it. It reconnects by itself when the host is back.
        </>
      )}
    </div>
  );
}
