import {
  layoutProblems,
  normalize,
  refuseRemoteSpec,
  type BackendEvent,
  type BackendLayout,
  type Logger,
  type PaneAppearance,
  type PaneInfo,
  type PaneSpec,
  type ReadScreenOptions,
  type ScreenSnapshot,
  type TerminalBackend,
  backendEventIds,
  logListenerError,
} from '@switchboard/core';
import { Emitter, SwitchboardError } from '@switchboard/protocol';
import { ITerm2Client, type ITerm2ClientOptions, type Subscription } from './client/client';
import { ITerm2Api } from './client/operations';
import {
  atLeast,
  FEATURE_VERSIONS,
  formatVersion,
  type Feature,
  type ProtocolVersion,
} from './client/protocol-version';
import { NotificationType, PromptMonitorMode, VariableScope, type Notification } from './gen/api_pb';
import { attentionSequence, profilePropertiesOf } from './appearance-properties';
import { LatestLayout } from './latest-layout';
import { LayoutMover } from './layout-mover';
import { PaneRegistry } from './pane-registry';
import { layoutOf, sameLayout } from './layout-tree';
import { eventOfNotification } from './notification-events';
import { readScreenOf } from './screen-read';
import { SessionListings } from './session-listings';
import { StatusBarComponents } from './status-bar';

export interface ITerm2BackendOptions extends ITerm2ClientOptions {
  /** Act as if the server spoke this protocol version (to exercise the fallbacks against a newer server). */
  assumeProtocolVersion?: ProtocolVersion;
  /** Runs after the backend closed its connection (e.g. stops an embedded server it owns). */
  onClosed?: () => Promise<void>;
  /**
   * `user.*` variables to watch in every pane from the start, so changes made by programs (OSC 1337
   * SetUserVar) arrive as `variable.changed`. A name set through `setVariable` is watched from then on.
   */
  watchVariables?: string[];
}

const USER_VARIABLE = /^user\.[^.]+$/;

/**
 * The TerminalBackend over iTerm2's scripting API: real iTerm2 on macOS, or any server speaking its
 * protocol (the embedded one). Pane = iTerm2 session; ids are iTerm2's own.
 */
export class ITerm2Backend implements TerminalBackend {
  readonly name = 'iterm2';
  readonly api: ITerm2Api;
  private readonly events: Emitter<BackendEvent>;
  private readonly panes: PaneRegistry;
  private readonly subscriptions: Subscription[] = [];
  private readonly watched = new Map<string, Promise<void>>();
  private readonly disposers: (() => void)[] = [];
  private readonly listings = new SessionListings(() => this.listSessions());
  private closed = false;
  private readonly layoutMover: LayoutMover;
  private readonly statusBar: StatusBarComponents;
  /** Layout changes of one read, reconciled once (the last one's listing). */
  readonly layouts: LatestLayout;

  private constructor(
    readonly client: ITerm2Client,
    private readonly assumed: ProtocolVersion | undefined,
    private readonly onClosed: (() => Promise<void>) | undefined,
    logger: Logger | undefined,
  ) {
    this.events = new Emitter(logListenerError(logger, 'iterm2-backend', 'backend event', backendEventIds));
    // Reconciled in a microtask after the read: a throw there is the notification listener's, logged as such.
    this.layouts = new LatestLayout(
      (notification, stamp) => {
        const list = notification.listSessionsResponse;
        if (list) this.panes.reconcile(list, stamp);
        this.emit({ type: 'layout.changed' });
      },
      logListenerError(logger, 'iterm2-backend', 'layout change'),
    );
    this.api = new ITerm2Api(client);
    this.panes = new PaneRegistry((event) => this.emit(event));
    this.layoutMover = new LayoutMover(this.api, (sessionId) => this.panes.markGone(sessionId));
    this.statusBar = new StatusBarComponents(client, (paneId) =>
      this.emit({ type: 'pane.status_clicked', paneId }),
    );
  }

  /** Connects, subscribes to everything the port streams, and learns the current panes. */
  static async connect(options: ITerm2BackendOptions = {}): Promise<ITerm2Backend> {
    const client = await ITerm2Client.connect(options);
    const backend = new ITerm2Backend(
      client,
      options.assumeProtocolVersion,
      options.onClosed,
      options.logger,
    );
    try {
      await backend.start();
      for (const name of options.watchVariables ?? []) await backend.watchVariable(name);
    } catch (error) {
      await client.close();
      throw error;
    }
    return backend;
  }

  /** Protocol version in effect (the server's, or the assumed one). */
  get protocolVersion(): ProtocolVersion {
    return this.assumed ?? this.client.protocolVersion;
  }

  supports(feature: Feature): boolean {
    return atLeast(this.protocolVersion, FEATURE_VERSIONS[feature]);
  }

  private async start(): Promise<void> {
    this.disposers.push(
      this.client.onNotification((n) => this.onNotification(n)),
      this.client.onDidDisconnect(() => this.emit({ type: 'backend.disconnected' })),
      this.client.onDidReconnect(({ gapMs }) => {
        this.emit({ type: 'backend.reconnected', gapMs });
        // Swallowed on purpose: a failed refresh is retried at the next event or call; the call that needs panes gets its own error.
        void this.listings
          .refresh()
          .then(this.seedFocus)
          .catch(() => undefined);
      }),
    );
    const connectionScoped = [
      NotificationType.NOTIFY_ON_NEW_SESSION,
      NotificationType.NOTIFY_ON_TERMINATE_SESSION,
      NotificationType.NOTIFY_ON_LAYOUT_CHANGE,
      NotificationType.NOTIFY_ON_FOCUS_CHANGE,
      NotificationType.NOTIFY_ON_SCREEN_UPDATE,
      NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE,
      NotificationType.NOTIFY_ON_BROADCAST_CHANGE,
    ];
    for (const type of connectionScoped) this.subscriptions.push(await this.api.subscribe(type, 'all'));
    const modes = this.supports('promptMonitorModes')
      ? [PromptMonitorMode.PROMPT, PromptMonitorMode.COMMAND_START, PromptMonitorMode.COMMAND_END]
      : [];
    this.subscriptions.push(
      await this.api.subscribe(NotificationType.NOTIFY_ON_PROMPT, 'all', {
        arguments: { case: 'promptMonitorRequest', value: { modes } },
      }),
    );
    // "Take control": the person's keystrokes in a pane pause automated input to it (pane.keystroke).
    this.subscriptions.push(
      await this.api.subscribe(NotificationType.NOTIFY_ON_KEYSTROKE, 'all', {
        arguments: { case: 'keystrokeMonitorRequest', value: { advanced: false } },
      }),
    );
    // Each pane's height, heard at every resize (a divider dragged too, which reports no layout change): reads split by it.
    this.subscriptions.push(await this.api.watchVariable(VariableScope.SESSION, 'all', 'rows'));
    await this.statusBar.register();
    await this.listings.refresh();
    await this.seedFocus();
  }

  private readonly seedFocus = async () => this.panes.focus.seed(await this.api.focusSnapshot());
  readonly focusedPane = async (): Promise<string | null> => this.panes.focus.focusedPane();
  readonly getBroadcastDomains = () => this.api.broadcastDomains();
  readonly setBroadcastDomains = (domains: string[][]) => this.api.setBroadcastDomains(domains);

  async createPane(spec: PaneSpec): Promise<PaneInfo> {
    refuseRemoteSpec(spec, this.name);
    const placement = spec.placement ?? { kind: 'window' };
    const options = {
      ...(spec.command !== undefined ? { command: spec.command } : {}),
      ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
    };
    let sessionId: string;
    if (placement.kind === 'split') {
      const created = await this.api.splitPane(placement.paneId, {
        ...options,
        vertical: placement.vertical,
        before: placement.before ?? false,
      });
      if (!created[0])
        throw new SwitchboardError(
          'unavailable',
          `iTerm2 split ${placement.paneId} but reported no new session (tmux?)`,
        );
      sessionId = created[0];
    } else {
      sessionId = (
        await this.api.createTab({
          ...options,
          ...(placement.kind === 'tab' ? { windowId: placement.windowId } : {}),
        })
      ).sessionId;
    }
    const panes = await this.listings.refresh();
    const info = panes.find((p) => p.id === sessionId) ?? this.panes.endedUnlisted(sessionId);
    if (!info)
      throw new SwitchboardError('internal', `iTerm2 created session ${sessionId} but does not list it`);
    return { ...info };
  }

  async closePane(paneId: string): Promise<void> {
    await this.api.close({ sessions: [paneId] }, true);
    this.panes.forget(paneId);
  }

  readonly listPanes = (): Promise<PaneInfo[]> => this.listings.refresh();

  async getLayout(): Promise<BackendLayout> {
    return layoutOf(await this.api.listSessions());
  }

  async applyLayout(target: BackendLayout): Promise<void> {
    const list = await this.api.listSessions();
    const current = layoutOf(list);
    // The same checks as the memory backend, before anything moves.
    const problems = layoutProblems(target, current);
    if (problems.length)
      throw new SwitchboardError('invalid_input', `Layout rejected: ${problems.join('; ')}`);
    const wanted = {
      windows: target.windows.map((w) => ({
        ...w,
        tabs: w.tabs.map((t) => ({ ...t, root: normalize(t.root) })),
      })),
    };
    if (sameLayout(current, wanted)) return;
    if (this.supports('applyLayout')) await this.layoutMover.withApplyLayout(wanted, current);
    else if (this.supports('moveSession')) await this.layoutMover.withMoves(wanted, current);
    else {
      throw new SwitchboardError(
        'unavailable',
        `iTerm2 protocol ${formatVersion(this.protocolVersion)} cannot move live sessions (needs 1.11 for move_session, 1.14 for apply_layout); upgrade iTerm2`,
      );
    }
    this.listings.schedule();
  }

  /** Never broadcast: what Switchboard types is for this pane alone, whatever domain the person set up. */
  async sendText(paneId: string, text: string): Promise<void> {
    await this.api.sendText(paneId, text, true);
  }

  readScreen(paneId: string, options: ReadScreenOptions = {}): Promise<ScreenSnapshot> {
    const size = { columns: this.panes.columnsOf(paneId), rows: () => this.panes.rowsOf(paneId) };
    return readScreenOf(this.api, paneId, options, size);
  }

  /** The last `maxLines` lines (scrollback + screen), oldest first. */
  async readHistory(paneId: string, maxLines: number): Promise<string[]> {
    return (await this.api.readLines(paneId, { trailing: Math.max(1, Math.floor(maxLines)) })).lines;
  }

  async restartPane(paneId: string): Promise<void> {
    await this.api.restartSession(paneId, false);
    this.panes.restarted(paneId);
  }

  async setAppearance(paneId: string, appearance: PaneAppearance): Promise<void> {
    const properties = profilePropertiesOf(appearance);
    if (properties) await this.api.setProfileProperties(paneId, properties);
    if (appearance.status !== undefined) this.statusBar.set(paneId, appearance.status);
    // iTerm2 has no request for it: the escape sequence a program would print, injected as the pane's own output.
    if (appearance.attention !== undefined)
      await this.api.inject([paneId], attentionSequence(appearance.attention));
    if (appearance.title !== undefined) {
      await this.api.setSessionName(paneId, appearance.title);
      this.panes.retitled(paneId, appearance.title);
    }
  }

  async setVariable(paneId: string, name: string, value: string): Promise<void> {
    if (!USER_VARIABLE.test(name))
      throw new SwitchboardError(
        'invalid_input',
        `Variable names are "user.<name>" with no further dot, not "${name}"`,
      );
    // Watched before it is set: the change then arrives as a notification, like any program's change.
    await this.watchVariable(name);
    await this.api.setVariables({ session: paneId }, { [name]: value });
  }

  /** Reports changes of session variable `name` in every pane (present and future) as `variable.changed`. */
  watchVariable(name: string): Promise<void> {
    let watching = this.watched.get(name);
    if (!watching) {
      watching = this.api.watchVariable(VariableScope.SESSION, 'all', name).then((subscription) => {
        this.subscriptions.push(subscription);
      });
      watching.catch(() => this.watched.delete(name));
      this.watched.set(name, watching);
    }
    return watching;
  }

  async getVariable(paneId: string, name: string): Promise<string | undefined> {
    const [value] = await this.api.getVariables({ session: paneId }, [name]);
    if (value === null || value === undefined) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** Go to the pane: iTerm2 comes to the front (from behind whichever app the person is in), then its window, tab, pane. */
  async focus(paneId: string): Promise<void> {
    await this.api.activate(
      { session: paneId },
      {
        activateApp: { raiseAllWindows: false, ignoringOtherApps: true },
        orderWindowFront: true,
        selectTab: true,
        selectSession: true,
      },
    );
  }

  onEvent(listener: (event: BackendEvent) => void): () => void {
    return this.events.on(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listings.close();
    this.layouts.drop();
    for (const dispose of this.disposers) dispose();
    this.statusBar.dispose();
    this.events.clear();
    await this.client.close();
    await this.onClosed?.();
  }

  /** One listener's failure must not starve the others (the Emitter sees to it). */
  private emit(event: BackendEvent): void {
    this.events.emit(event);
  }

  private onNotification(n: Notification): void {
    if (n.layoutChangedNotification)
      return this.layouts.hold(n.layoutChangedNotification, this.panes.stamp());
    // Read against the known panes (the focus, a pane's rows): the held listing goes first.
    if (n.focusChangedNotification || n.variableChangedNotification) this.layouts.release();
    if (n.newSessionNotification) this.listings.schedule();
    else if (n.terminateSessionNotification) {
      this.panes.exited(n.terminateSessionNotification.sessionId);
      this.emit({ type: 'pane.exited', paneId: n.terminateSessionNotification.sessionId });
      this.listings.afterExit();
    } else if (n.focusChangedNotification) this.panes.focus.apply(n.focusChangedNotification);
    else {
      const changed = n.variableChangedNotification;
      if (changed?.name === 'rows' && changed.scope === VariableScope.SESSION) {
        this.panes.resized(changed.identifier, Number(changed.jsonNewValue));
        if (!this.watched.has('rows')) return;
      }
      const event = eventOfNotification(n);
      if (event) this.emit(event);
    }
  }

  /** One listing of every session, reconciled with the known panes (their pids filled in). */
  private async listSessions(): Promise<PaneInfo[]> {
    const stamp = this.panes.stamp();
    const panes = this.panes.reconcile(await this.api.listSessions(), stamp);
    await this.panes.fillPids(panes, (id) =>
      this.api.getVariables({ session: id }, ['pid']).then(([pid]) => pid),
    );
    return panes.map((p) => ({ ...p }));
  }
}
