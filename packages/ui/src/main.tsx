import { apiUrl, createClient, createWebSocketTransport } from '@switchboard/protocol';
import { takeToken } from './boot';
import { createFleetStore } from './store/fleet-store';
import { createShellStore } from './store/shell-store';
import { createBridgeTransport, findBridge } from './transport/bridge-transport';
import { tokenCheck } from './transport/token-check';
import '@xyflow/react/dist/style.css';
import './styles.css';

// The page's first module connects and asks for the fleet before React and the views are loaded (mount.tsx,
// most of the code): the host's answer and the app's code arrive side by side instead of one after
// the other (issue 21 item 5: a 200-agent first load).
const element = document.getElementById('root')!;
const mount = import('./mount');
const failed = (error: unknown) => {
  element.textContent = `Switchboard's page did not load (${String(error)}). Reload the page.`;
};
// In the desktop app the preload bridge is the transport; in a browser, the host's WebSocket with the token.
const bridge = findBridge(window);
const token = bridge ? null : takeToken(window.location, window.history, window.sessionStorage);
// The host's address with a new token (it makes one per start), opened in this tab, changes only the
// fragment: no page load. Take the token and load the page again with it.
if (!bridge)
  window.addEventListener('hashchange', () => {
    if (takeToken(window.location, window.history, window.sessionStorage) !== token) window.location.reload();
  });
if (!bridge && !token) {
  mount.then(({ mountTokenHelp }) => mountTokenHelp(element), failed);
} else {
  const transport = bridge
    ? createBridgeTransport(bridge)
    : createWebSocketTransport({ url: apiUrl(window.location.origin), token: token! });
  const store = createFleetStore(
    createClient(transport),
    bridge ? {} : { checkToken: tokenCheck(window.location.origin, token!, (url, init) => fetch(url, init)) },
  );
  const shell = createShellStore(window.localStorage);
  mount.then(({ mountApp }) => mountApp(element, store, shell), failed);
}
