import type { CounterName, FleetCounters } from '../../health/fleet-counters';

export const COUNTERS: readonly { name: CounterName; label: string }[] = [
  { name: 'working', label: 'Working' },
  { name: 'waiting', label: 'Waiting' },
  { name: 'idle', label: 'Idle' },
  { name: 'error', label: 'Error' },
  { name: 'hung', label: 'Hung' },
  { name: 'other', label: 'Other' },
];

/** The fleet counters; each is also a toggle that filters the table to its agents. */
export function FleetCounterBar({
  counters,
  active,
  onToggle,
}: {
  counters: FleetCounters;
  active: ReadonlySet<CounterName>;
  onToggle(name: CounterName): void;
}) {
  return (
    <div className="counter-bar" role="group" aria-label="Fleet counters (press to filter)">
      {COUNTERS.map(({ name, label }) => (
        <button
          key={name}
          type="button"
          className={`counter counter-${name}`}
          aria-pressed={active.has(name)}
          data-testid={`counter-${name}`}
          onClick={() => onToggle(name)}
        >
          <span className="counter-value">{counters[name]}</span>
          <span className="counter-label">{label}</span>
        </button>
      ))}
      <span className="counter-total muted">{counters.total} agents</span>
    </div>
  );
}
