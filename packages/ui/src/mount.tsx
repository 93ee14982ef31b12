import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { FleetStore } from './store/fleet-store';
import { markFleetLoaded } from './store/perf-marks';
import type { ShellStore } from './store/shell-store';
import { App } from './views/app';
import { StoreContext } from './views/store-context';

/**
 * React and the views: loaded by main.tsx after it has connected and asked for the fleet, so this, the bulk
 * of the UI's code, is fetched and evaluated while the host answers.
 */
export function mountApp(element: HTMLElement, store: FleetStore, shell: ShellStore): void {
  // The data came before the code that draws it: "data in hand → rendered" starts now (bench/ui-render.ts).
  if (store.getState().loaded) markFleetLoaded();
  // `#approvals` opens the approval queue (the desktop app's global shortcut and menu bar link here).
  const followDeepLink = () => {
    if (window.location.hash !== '#approvals') return;
    shell.getState().setView('approvals');
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  };
  window.addEventListener('hashchange', followDeepLink);
  followDeepLink();
  createRoot(element).render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>
    </StrictMode>,
  );
}

export function mountTokenHelp(element: HTMLElement): void {
  createRoot(element).render(
    <main className="app app-main">
      <section className="panel empty" role="alert">
        <h1>Switchboard needs its token</h1>
        <p>
          Open the UI address that <code>npm start</code> printed (it ends with <code>#token=…</code>).
        </p>
      </section>
    </main>,
  );
}
