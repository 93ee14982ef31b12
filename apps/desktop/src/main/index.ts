// The Electron main process: lifecycle, the window, the menu bar, notifications and the host. Thin on
// purpose: every decision is made by a pure module next to it (security, ipc-handler, tray-model,
// attention, window-state), which is where the tests are; this file only applies them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  globalShortcut,
  ipcMain,
  nativeImage,
  protocol,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
  type WebFrameMain,
} from 'electron';
import { defaultDataDir, startHost, type Host } from '@switchboard/host';
import {
  bindApi,
  callCommand,
  humanCaller,
  pendingApprovals,
  toSwitchboardError,
  type CommandCall,
} from '@switchboard/protocol';
import { IPC_CHANNELS } from '../shared/ipc-channels';
import { appFileHandler } from './app-files';
import { NotificationDeduper, attentionFor, dockBadge, type Attention } from './attention';
import { APPROVALS_SHORTCUT, desktopBackend, desktopPort } from './data-dir';
import {
  applyFleetEvent,
  emptyFleetState,
  fleetStateFrom,
  withHostProblem,
  withRecoveryPaused,
  type FleetState,
} from './fleet-state';
import { EventForwarder, createIpcHandler } from './ipc-handler';
import { desktopHookCommands } from './hook-command';
import { desktopLauncherPath } from './launcher-location';
import { WindowScreens } from './window-screens';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  navigationDecision,
  permissionDecision,
  secureWebPreferences,
  windowOpenDecision,
  type SenderFrame,
} from './security';
import { trayActionCall, trayModel, type TrayAction, type TrayItem, type TrayIconState } from './tray-model';
import {
  DEFAULT_WINDOW_STATE,
  MIN_SIZE,
  captureWindowState,
  closeBehaviour,
  fitToDisplays,
  parseWindowState,
  type WindowState,
} from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
/** Built by electron-vite next to this file: out/main, out/preload, out/renderer. */
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const resourcesDir = app.isPackaged ? process.resourcesPath : join(here, '../../resources');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  let quitting = false;
  let window: BrowserWindow | undefined;
  let fleet: FleetState = emptyFleetState;
  let host: Host | undefined;
  const deduper = new NotificationDeduper();
  const notifications = new Set<Notification>();
  // The contract is compiled in: health.pause/resume exist in every build of this app.
  const capabilities = { recoveryControls: true };

  app.on('second-instance', () => showWindow());
  app.on('before-quit', () => (quitting = true));
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => undefined); // the menu bar keeps the app alive

  app.on('web-contents-created', (_event, contents) => {
    contents.on(
      'will-navigate',
      (event, url) => navigationDecision(url) === 'deny' && event.preventDefault(),
    );
    contents.on(
      'will-redirect',
      (event, url) => navigationDecision(url) === 'deny' && event.preventDefault(),
    );
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url);
      if (decision.openExternally) void shell.openExternal(url);
      return { action: decision.action };
    });
  });

  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  protocol.handle(APP_SCHEME, appFileHandler(rendererDir));

  const dataDir = defaultDataDir();
  try {
    const backend = desktopBackend();
    const launcherPath = desktopLauncherPath(app.isPackaged, process.resourcesPath);
    // Claude Code's hooks and Codex's notify, as the headless CLI passes them: agents report states and their conversation, which a restart resumes.
    const hooks = desktopHookCommands({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      repositoryRoot: join(here, '../../../..'),
      execPath: process.execPath,
      dataDir,
    });
    host = await startHost({
      dataDir,
      backend,
      port: desktopPort(),
      ...hooks,
      ...(launcherPath ? { launcherPath } : {}),
    });
  } catch (error) {
    fleet = withHostProblem(fleet, error instanceof Error ? error.message : String(error));
  }
  const api = host?.orchestrator;
  const client = api ? bindApi(api, humanCaller) : undefined;

  // IPC: one handler for every command, one forwarder for every event.
  const frameOf = (frame: WebFrameMain | null | undefined): SenderFrame | null =>
    frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
  // pane.mirror is per window, as it is per connection over the WebSocket (see window-screens.ts).
  const screens = api ? new WindowScreens(api) : undefined;
  const handle = api
    ? createIpcHandler({ api, ...(screens ? { screens } : {}) })
    : async () => ({
        type: 'result' as const,
        id: 0,
        ok: false as const,
        error: { code: 'unavailable' as const, message: 'The host did not start' },
      });
  ipcMain.handle(IPC_CHANNELS.invoke, (event, message: unknown) =>
    handle(frameOf(event.senderFrame), message, event.sender.id),
  );
  const forwarder = api ? new EventForwarder(api, IPC_CHANNELS.event, undefined, screens) : undefined;
  const watchedWindows = new Set<number>();
  ipcMain.on(IPC_CHANNELS.subscribe, (event) => {
    const contents: WebContents = event.sender;
    if (!forwarder?.subscribe(frameOf(event.senderFrame), contents)) return;
    if (watchedWindows.has(contents.id)) return;
    watchedWindows.add(contents.id);
    const id = contents.id;
    // A reload starts a page that mirrors nothing yet: give back what the old page mirrored.
    contents.on('did-navigate', () => void screens?.release(id));
    contents.once('destroyed', () => {
      forwarder.unsubscribe(id);
      void screens?.release(id);
      watchedWindows.delete(id);
    });
  });
  ipcMain.on(IPC_CHANNELS.unsubscribe, (event) => forwarder?.unsubscribe(event.sender.id));

  // The main window: remembers where it was; closing hides it to the menu bar.
  const statePath = join(dataDir, 'window-state.json');
  const readState = (): WindowState => {
    try {
      return parseWindowState(readFileSync(statePath, 'utf8'));
    } catch {
      return DEFAULT_WINDOW_STATE;
    }
  };
  const saveState = (win: BrowserWindow) => {
    try {
      writeFileSync(statePath, JSON.stringify(captureWindowState(win.getNormalBounds(), win.isMaximized())), {
        mode: 0o600,
      });
    } catch {
      // A read-only data folder costs only the remembered position.
    }
  };
  function createWindow(): BrowserWindow {
    const state = fitToDisplays(
      readState(),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const win = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'Switchboard',
      backgroundColor: '#1e1e1e',
      titleBarStyle: process.platform === 'darwin' ? 'hiddenInset' : 'default',
      webPreferences: secureWebPreferences(preloadPath),
    });
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.on('close', (event) => {
      saveState(win);
      if (closeBehaviour(quitting) === 'hide') {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => (window = undefined));
    void win.loadURL(APP_URL);
    return win;
  }
  function showWindow(hash?: string): void {
    if (!app.isReady()) return;
    window ??= createWindow();
    if (hash) void window.loadURL(`${APP_URL}${hash}`);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
  const openApprovals = () => showWindow('#approvals');

  // Menu bar.
  const icons: Record<TrayIconState, Electron.NativeImage> = {
    ok: trayImage('tray-ok'),
    waiting: trayImage('tray-waiting'),
    error: trayImage('tray-error'),
  };
  const tray = new Tray(icons.ok);
  const perform = async (action: TrayAction) => {
    if (action.type === 'open-window') return showWindow();
    if (action.type === 'open-approvals') return openApprovals();
    if (action.type === 'quit') return app.quit();
    const call = trayActionCall(action);
    if (!call || !client) return;
    try {
      await callCommand(client, call);
      if (action.type === 'pause-recovery' || action.type === 'resume-recovery')
        update(withRecoveryPaused(fleet, action.type === 'pause-recovery'));
    } catch (error) {
      notify({
        key: `error:${call.name}`,
        title: 'Switchboard could not do that',
        body: toSwitchboardError(error).message,
        critical: false,
        agentId: null,
        approvalId: null,
        itemId: null,
      });
    }
  };
  const toTemplate = (items: TrayItem[]): MenuItemConstructorOptions[] =>
    items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: item.label, enabled: false };
        case 'submenu':
          return { label: item.label, submenu: toTemplate(item.items) };
        case 'action':
          return { label: item.label, enabled: item.enabled, click: () => void perform(item.action) };
      }
    });
  function update(next: FleetState): void {
    fleet = next;
    const model = trayModel(fleet, capabilities);
    tray.setImage(icons[model.icon]);
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(model.items)));
    const pending = pendingApprovals(fleet).length;
    if (process.platform === 'darwin') app.dock?.setBadge(dockBadge(pending));
    else app.setBadgeCount(pending);
  }

  // Native notifications: "go to pane" on click; critical ones bounce the Dock.
  function notify(attention: Attention): void {
    if (!Notification.isSupported()) return;
    const decision = deduper.decide(attention.key, Date.now());
    if (decision === 'suppress') return;
    const note =
      decision === 'summarize'
        ? new Notification({
            title: 'Switchboard',
            body: 'Several agents need you; open the window to see them.',
          })
        : new Notification({
            title: attention.title,
            body: attention.body,
            silent: !attention.critical,
            ...(attention.agentId ? { actions: [{ type: 'button' as const, text: 'Go to pane' }] } : {}),
          });
    const goTo = () => {
      notifications.delete(note);
      if (attention.approvalId) openApprovals();
      const focused: CommandCall | undefined = attention.itemId
        ? { name: 'attention.goTo', input: { id: attention.itemId } }
        : attention.agentId
          ? { name: 'pane.focus', input: { target: attention.agentId } }
          : undefined;
      if (focused && attention.agentId && client) void callCommand(client, focused).catch(() => showWindow());
      else if (!attention.approvalId) showWindow();
    };
    note.on('click', goTo);
    note.on('action', goTo);
    note.on('close', () => notifications.delete(note));
    notifications.add(note); // keep a reference, or the click handler is collected
    note.show();
    if (attention.critical && process.platform === 'darwin') app.dock?.bounce('critical');
  }

  if (client) {
    client.onEvent((event) => {
      const attention = attentionFor(event, fleet);
      update(applyFleetEvent(fleet, event));
      if (attention && !(window?.isFocused() ?? false)) notify(attention);
    });
    try {
      const snapshot = await client.call('fleet.snapshot', {});
      const pending = await client.call('approval.list', {});
      const recovery = capabilities.recoveryControls ? await client.call('recovery.status', {}) : undefined;
      const state = fleetStateFrom(snapshot, pending.approvals, fleet);
      update(recovery ? withRecoveryPaused(state, recovery.paused) : state);
    } catch (error) {
      update(withHostProblem(fleet, toSwitchboardError(error).message));
    }
  } else update(fleet);

  globalShortcut.register(APPROVALS_SHORTCUT, openApprovals);
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    forwarder?.close();
    if (host) {
      event.preventDefault();
      const closing = host;
      host = undefined;
      void closing.close().finally(() => app.quit());
    }
  });

  if (process.env['SWITCHBOARD_TEST_HOOKS'] === '1') {
    // For test/electron only: the smoke test reads the menu model and clicks menu items through this.
    Object.assign(globalThis, {
      switchboardTest: { trayModel: () => trayModel(fleet, capabilities), perform },
    });
  }
  if (!process.argv.includes('--hidden')) showWindow();
}

function trayImage(name: string): Electron.NativeImage {
  const image = nativeImage.createFromPath(join(resourcesDir, `${name}.png`));
  if (name === 'tray-ok') image.setTemplateImage(true);
  return image;
}
