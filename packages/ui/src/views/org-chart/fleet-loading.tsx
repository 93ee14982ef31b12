/** Shown while the first fleet snapshot is on its way. */
export function FleetLoading() {
  return <p className="muted">Loading the fleet…</p>;
}
