import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { apiUrl, createClient, createWebSocketTransport } from '@switchboard/protocol';
import { takeToken } from './boot';
import { createBridgeTransport, findBridge } from './transport/bridge-transport';
import { createFleetStore } from './store/fleet-store';
import { createShellStore } from './store/shell-store';
import { App } from './views/app';
import { StoreContext } from './views/store-context';
import '@xyflow/react/dist/style.css';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// In the desktop app the preload bridge is the transport; in a browser, the host's WebSocket with the token.
const bridge = findBridge(window);
const token = bridge ? null : takeToken(window.location, window.history, window.sessionStorage);
if (!bridge && !token) {
  root.render(
    <main className="app app-main">
      <section className="panel empty" role="alert">
        <h1>Switchboard needs its token</h1>
        <p>
          Open the UI address that <code>npm start</code> printed (it ends with <code>#token=…</code>).
        </p>
      </section>
    </main>,
  );
} else {
  const transport = bridge
    ? createBridgeTransport(bridge)
    : createWebSocketTransport({ url: apiUrl(window.location.origin), token: token! });
  const store = createFleetStore(createClient(transport));
  const shell = createShellStore(window.localStorage);
  // `#approvals` opens the approval queue (the desktop app's global shortcut and menu bar link here).
  const followDeepLink = () => {
    if (window.location.hash !== '#approvals') return;
    shell.getState().setView('approvals');
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  };
  window.addEventListener('hashchange', followDeepLink);
  followDeepLink();
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
