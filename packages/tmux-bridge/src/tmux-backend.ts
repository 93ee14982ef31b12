/**
 * TerminalBackend over tmux control mode. One tmux session (default `switchboard`) holds every pane:
 * an iTerm2 "window" is a group of tmux windows sharing the window option `@switchboard_window`, a tab
 * is a tmux window, a pane a tmux pane (`%N`). The session's first window runs an idle keeper so the
 * session outlives its last agent. Screens are read with `capture-pane` when asked; `%output` carries
 * the raw bytes, scanned for OSC 133 / 1337 and turned into coalesced `pane.output` events. Panes
 * belong to the tmux server, so they outlive the host: a new backend on the same server finds them.
 */
import { Emitter, SwitchboardError } from '@switchboard/protocol';
import type {
  BackendEvent,
  BackendLayout,
  PaneAppearance,
  PaneInfo,
  PaneSpec,
  ReadScreenOptions,
  ScreenSnapshot,
  RemoteMachine,
  TerminalBackend,
} from '@switchboard/core';
import { backendEventIds, logListenerError, refuseRemoteSpec } from '@switchboard/core';
import type { ControlClient } from './control-client';
import { attachControlClient, configureSession, fixTunnelPorts } from './tmux-session';
import { tmuxRemoteMachine } from './remote-machine';
import { decodeOutput, STRUCTURAL_NOTIFICATIONS } from './control-parser';
import type { ControlNotification } from './control-parser';
import { applyTmuxLayout, readTmuxLayout } from './layout-apply';
import { KnownPanes, listTmuxPanes, WINDOW_OPTION } from './known-panes';
import { PaneOutput } from './pane-output';
import { DEATH_SUBSCRIPTION_SPEC, PaneEnds, paneDeathOf, type PaneDeath } from './pane-deaths';
import { captureScreen } from './screen-capture';
import { PeopleTyping } from './people-typing';
import { ReconnectDelays } from './reconnect-delays';
import type { TmuxBackendOptions } from './tmux-options';
import { formatted, hexChunks, quote, variableOption } from './tmux-quote';

export type { SshTarget, TmuxBackendOptions } from './tmux-options';

export { WINDOW_OPTION } from './known-panes';
export const ORDER_OPTION = '@switchboard_order';
const KEEPER = 'switchboard-keeper';
const USER_VARIABLE = /^user\.[^.]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const HUMAN_SUBSCRIPTION = 'switchboard-human';

export class TmuxBackend implements TerminalBackend {
  readonly name: string;
  private readonly events: Emitter<BackendEvent>;
  private readonly known = new KnownPanes((paneId) => {
    this.paneOutput.forget(paneId);
    this.ends.forget(paneId);
  });
  private readonly paneOutput: PaneOutput;
  private refreshQueued = false;
  private readonly people: PeopleTyping;
  private readonly ends = new PaneEnds((death) => void this.ended(death));
  private readonly delays = new ReconnectDelays();
  private closed = false;

  private constructor(
    private control: ControlClient,
    private readonly options: Required<Pick<TmuxBackendOptions, 'session'>> & TmuxBackendOptions,
  ) {
    this.name = options.ssh ? `tmux@${options.ssh.destination}` : 'tmux';
    this.events = new Emitter(
      logListenerError(options.logger, 'tmux-backend', 'backend event', backendEventIds),
    );
    this.people = new PeopleTyping({
      listClients: (format) => this.run(`list-clients -t ${quote(this.options.session)} -F ${quote(format)}`),
      emit: (event) => this.emit(event),
      isKnown: (paneId) => this.known.has(paneId),
    });
    this.paneOutput = new PaneOutput({
      emit: (event) => this.emit(event),
      isKnown: (paneId) => this.known.has(paneId),
      // The pane may have closed meanwhile: the variable is lost with it.
      storeVariable: (paneId, name, value) =>
        void this.storeVariable(paneId, name, value).catch(() => undefined),
    });
  }

  /** Attaches to the tmux server (starting it and the session when needed). */
  static async connect(options: TmuxBackendOptions = {}): Promise<TmuxBackend> {
    const asked = { ...options, session: options.session ?? 'switchboard' };
    const control = await attachControlClient(asked, KEEPER);
    const settings = await fixTunnelPorts(control, asked).catch(async (error: unknown) => {
      await control.close();
      throw error;
    });
    const backend = new TmuxBackend(control, settings);
    await backend.configure();
    for (const pane of await backend.listPanes()) backend.known.add(pane.id);
    backend.watch();
    return backend;
  }

  private async configure(): Promise<void> {
    // tmux reports no keystrokes; a person's key in an attached client moves the session's activity time
    // (our own send-keys does not), checked by tmux once a second: see PeopleTyping.
    this.people.reset();
    await configureSession(this.control, this.options, HUMAN_SUBSCRIPTION, DEATH_SUBSCRIPTION_SPEC);
  }

  private watch(): void {
    this.control.onNotification((n) => this.notified(n));
    this.control.onExit(() => {
      if (!this.closed) void this.reconnect();
    });
  }

  private notified(notification: ControlNotification): void {
    if (notification.name === 'output' || notification.name === 'extended-output') {
      const space = notification.rest.indexOf(' ');
      const paneId = notification.rest.slice(0, space);
      let data = notification.rest.slice(space + 1);
      if (notification.name === 'extended-output') data = data.slice(data.indexOf(' : ') + 3);
      if (this.known.has(paneId)) this.paneOutput.feed(paneId, decodeOutput(data));
      return;
    }
    if (notification.name === 'subscription-changed') {
      const death = paneDeathOf(notification.rest);
      const value = notification.rest.slice(notification.rest.indexOf(' : ') + 3);
      if (death) this.ends.report(death);
      // A failed list-clients (the session closing) misses one keystroke's take-control; the next keystroke asks again.
      else if (notification.rest.startsWith(`${HUMAN_SUBSCRIPTION} `))
        void this.people.activity(value).catch(() => undefined);
      return;
    }
    if (notification.name === 'window-pane-changed') {
      const paneId = notification.rest.split(' ')[1];
      if (paneId && this.known.has(paneId)) this.emit({ type: 'pane.focused', paneId });
      return;
    }
    if (STRUCTURAL_NOTIFICATIONS.has(notification.name)) this.queueRefresh();
  }

  /** After tmux reports a structural change: panes that appeared or vanished without us, and a layout event. */
  private queueRefresh(): void {
    if (this.refreshQueued || this.closed) return;
    this.refreshQueued = true;
    setTimeout(() => {
      this.refreshQueued = false;
      void this.refresh().catch(() => undefined); // the control client went away; reconnect refreshes again
    }, 10);
  }

  private async refresh(): Promise<void> {
    await this.known.judge(
      () => this.listPanes(),
      (event) => this.emit(event),
    );
    this.emit({ type: 'layout.changed' });
  }

  /** A known pane's program ended by itself (the pane stayed, dead): reported so, then the pane is closed. */
  private async ended(death: PaneDeath): Promise<void> {
    if (!this.known.has(death.paneId) || this.closed) return;
    this.known.forget(death.paneId);
    this.emit(death);
    await this.run(`kill-pane -t ${death.paneId}`).catch(() => undefined); // a person may have closed it meanwhile
    this.emit({ type: 'pane.closed', paneId: death.paneId }); // the kill's own refresh reports the layout
  }

  private async reconnect(): Promise<void> {
    const lost = Date.now();
    this.emit({ type: 'backend.disconnected' });
    for (let delay = 250; await this.delays.wait(delay); delay = Math.min(delay * 2, 5000)) {
      try {
        this.control = await attachControlClient(this.options, KEEPER);
        if (this.closed) return void (await this.control.close()); // closed while attaching: nothing may stay
        await this.configure();
        this.watch();
        this.emit({ type: 'backend.reconnected', gapMs: Date.now() - lost });
        await this.refresh();
        return;
      } catch {
        // tmux is not back yet; try again after the next delay
      }
    }
  }

  private emit(event: BackendEvent): void {
    this.events.emit(event);
  }

  private run(command: string): Promise<string[]> {
    return this.control.run(command);
  }

  private async requirePane(paneId: string): Promise<PaneInfo> {
    const pane = (await this.listPanes()).find((p) => p.id === paneId);
    if (!pane) throw new SwitchboardError('not_found', `No pane "${paneId}"`);
    return pane;
  }

  private async windowIds(): Promise<string[]> {
    const lines = await this.run(`list-windows -t ${quote(this.options.session)} -F "#{${WINDOW_OPTION}}"`);
    return [...new Set(lines.filter((l) => l !== ''))];
  }

  private async nextWindowId(): Promise<string> {
    const numbers = (await this.windowIds()).map((id) => Number(/^w(\d+)$/.exec(id)?.[1] ?? 0));
    return `w${Math.max(0, ...numbers) + 1}`;
  }

  async createPane(spec: PaneSpec): Promise<PaneInfo> {
    refuseRemoteSpec(spec, this.name);
    const placement = spec.placement ?? { kind: 'window' };
    const tail = [spec.cwd ? `-c ${formatted(spec.cwd)}` : '', spec.command ? quote(spec.command) : '']
      .filter(Boolean)
      .join(' ');
    const print = `-P -F "#{pane_id}\t#{window_id}"`;
    let line: string | undefined;
    let group: string | undefined;
    if (placement.kind === 'split') {
      await this.requirePane(placement.paneId);
      [line] = await this.run(
        `split-window -d -t ${placement.paneId} ${placement.vertical ? '-h' : '-v'}${placement.before ? ' -b' : ''} ${print} ${tail}`,
      );
    } else {
      if (placement.kind === 'tab' && !(await this.windowIds()).includes(placement.windowId))
        throw new SwitchboardError('not_found', `No window "${placement.windowId}"`);
      group = placement.kind === 'tab' ? placement.windowId : await this.nextWindowId();
      [line] = await this.run(`new-window -d -t ${quote(`${this.options.session}:`)} ${print} ${tail}`);
    }
    const [paneId, tmuxWindow] = (line ?? '').split('\t');
    if (!paneId || !tmuxWindow)
      throw new SwitchboardError('internal', `tmux did not name the new pane (${line ?? 'no reply'})`);
    this.known.add(paneId);
    if (group) {
      await this.run(`set-option -w -t ${tmuxWindow} ${WINDOW_OPTION} ${quote(group)}`);
      await this.run(`set-option -w -t ${tmuxWindow} ${ORDER_OPTION} ${Date.now()}`);
    }
    const pane = await this.requirePane(paneId);
    this.emit({ type: 'pane.created', pane });
    return pane;
  }

  async closePane(paneId: string): Promise<void> {
    await this.requirePane(paneId);
    this.known.forget(paneId);
    await this.run(`kill-pane -t ${paneId}`);
    this.emit({ type: 'pane.closed', paneId });
    this.emit({ type: 'layout.changed' });
  }

  listPanes(): Promise<PaneInfo[]> {
    return listTmuxPanes((command) => this.run(command), this.options.session, KEEPER);
  }

  getLayout(): Promise<BackendLayout> {
    return readTmuxLayout(this.run.bind(this), this.options.session, KEEPER);
  }

  async applyLayout(layout: BackendLayout): Promise<void> {
    await applyTmuxLayout(
      this.run.bind(this),
      this.options.session,
      KEEPER,
      layout,
      await this.listPanes(),
      () => this.nextWindowId(),
    );
    this.emit({ type: 'layout.changed' });
  }

  async sendText(paneId: string, text: string): Promise<void> {
    await this.sendBytes(paneId, new TextEncoder().encode(text));
  }

  private async sendBytes(paneId: string, bytes: Uint8Array): Promise<void> {
    await this.requirePane(paneId);
    for (const chunk of hexChunks(bytes)) await this.run(`send-keys -t ${paneId} -H ${chunk}`);
  }

  async readScreen(paneId: string, options: ReadScreenOptions = {}): Promise<ScreenSnapshot> {
    await this.requirePane(paneId);
    return captureScreen((command) => this.run(command), paneId, options);
  }

  async restartPane(paneId: string): Promise<void> {
    await this.requirePane(paneId);
    this.paneOutput.forget(paneId);
    this.ends.forget(paneId); // a dead pane waiting for its status runs again: its end is not to come
    await this.run(`respawn-pane -k -t ${paneId}`);
  }

  async setAppearance(paneId: string, appearance: PaneAppearance): Promise<void> {
    const pane = await this.requirePane(paneId);
    if (typeof appearance.tabColor === 'string' && !COLOR.test(appearance.tabColor))
      throw new SwitchboardError('invalid_input', `Tab colour "${appearance.tabColor}" is not #rrggbb`);
    if (appearance.title !== undefined)
      await this.run(`select-pane -t ${paneId} -T ${formatted(appearance.title)}`);
    if (appearance.badge !== undefined)
      await this.run(`set-option -p -t ${paneId} @switchboard_badge ${quote(appearance.badge)}`);
    // tmux has no attention request of its own: a pane option a status or border format can show (docs/tmux.md).
    if (appearance.attention !== undefined)
      await this.run(`set-option -p -t ${paneId} @switchboard_attention ${appearance.attention ? 1 : 0}`);
    if (appearance.tabColor === null) await this.run(`set-option -w -u -t ${pane.tabId} window-status-style`);
    else if (appearance.tabColor !== undefined)
      await this.run(
        `set-option -w -t ${pane.tabId} window-status-style ${quote(`bg=${appearance.tabColor}`)}`,
      );
  }

  async setVariable(paneId: string, name: string, value: string): Promise<void> {
    if (!USER_VARIABLE.test(name))
      throw new SwitchboardError('invalid_input', `Only user.<name> variables can be set, not "${name}"`);
    await this.requirePane(paneId);
    await this.storeVariable(paneId, name, value);
  }

  private async storeVariable(paneId: string, name: string, value: string): Promise<void> {
    await this.run(`set-option -p -t ${paneId} ${quote(variableOption(name))} ${quote(value)}`);
    this.emit({ type: 'variable.changed', paneId, name, value });
  }

  async getVariable(paneId: string, name: string): Promise<string | undefined> {
    await this.requirePane(paneId);
    const lines = await this.run(`show-options -p -q -v -t ${paneId} ${quote(variableOption(name))}`);
    return lines.length === 0 ? undefined : lines.join('\n');
  }

  async focus(paneId: string): Promise<void> {
    const pane = await this.requirePane(paneId);
    await this.run(`select-window -t ${pane.tabId}`);
    await this.run(`select-pane -t ${paneId}`);
    this.emit({ type: 'pane.focused', paneId });
  }

  onEvent(listener: (event: BackendEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** The reverse tunnels this connection carries, with the remote ports ssh allocated. */
  get reverseTunnels(): readonly { remotePort: number; localPort: number }[] {
    return this.options.ssh?.reverseTunnels ?? [];
  }

  /** Over ssh: the remote machine's side of an agent's launch (its files; the first reverse tunnel is the way back). */
  remoteMachine(): Promise<RemoteMachine> {
    if (!this.options.ssh)
      return Promise.reject(new SwitchboardError('invalid_input', 'This tmux server runs on this machine'));
    return tmuxRemoteMachine(
      (command) => this.run(command),
      this.options.ssh.reverseTunnels?.[0]?.remotePort,
      this.options.tmux,
    );
  }

  /** Detaches; the tmux server and every pane keep running. */
  async close(): Promise<void> {
    this.closed = true;
    this.delays.close();
    this.ends.close();
    await this.control.close();
  }
}
