import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '@switchboard/protocol';
import { apiUrl, takeToken } from './boot';
import { createFleetStore } from './store/fleet-store';
import { createWebSocketTransport } from './transport/websocket-transport';
import { App } from './views/app';
import { StoreContext } from './views/store-context';
import '@xyflow/react/dist/style.css';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const token = takeToken(window.location, window.history, window.sessionStorage);
if (!token) {
  root.render(
    <main className="app app-main">
      <section className="panel empty" role="alert">
        <h1>Switchboard needs its token</h1>
        <p>Open the UI address that <code>npm start</code> printed (it ends with <code>#token=…</code>).</p>
      </section>
    </main>,
  );
} else {
  const store = createFleetStore(createClient(createWebSocketTransport({ url: apiUrl(window.location), token })));
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
