import { ConnectionIndicator } from './connection-indicator';
import { EmptyState, FleetView } from './fleet-view';
import { SpawnForm, TeamForm } from './spawn-form';
import { useFleet } from './store-context';

export function App() {
  const fleet = useFleet((s) => s.fleet);
  const loaded = useFleet((s) => s.loaded);
  const lastError = useFleet((s) => s.lastError);
  const dismissError = useFleet((s) => s.dismissError);
  const teams = Object.values(fleet.teams);
  const empty = loaded && teams.length === 0 && Object.keys(fleet.agents).length === 0;

  return (
    <div className="app">
      <header className="app-header">
        <h1>Switchboard</h1>
        <ConnectionIndicator />
      </header>
      {lastError && (
        <div className="error-banner" role="alert">
          {lastError}
          <button className="link" onClick={dismissError}>Dismiss</button>
        </div>
      )}
      <main className="app-main">
        <div className="content">{!loaded ? <p className="muted">Loading the fleet…</p> : empty ? <EmptyState /> : <FleetView />}</div>
        <aside className="sidebar">
          <SpawnForm teams={teams} />
          <TeamForm />
        </aside>
      </main>
    </div>
  );
}
