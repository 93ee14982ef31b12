import { useFleet } from './store-context';

const labels = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected — retrying' } as const;

export function ConnectionIndicator() {
  const connection = useFleet((s) => s.connection);
  const tokenRefused = useFleet((s) => s.tokenRefused && s.connection !== 'open');
  return (
    <span
      className={`connection connection-${connection}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      <span className="dot" aria-hidden="true" />
      {tokenRefused ? 'Token refused' : labels[connection]}
    </span>
  );
}
