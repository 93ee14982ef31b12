import { Emitter, SwitchboardError } from '@switchboard/protocol';
import { backendEventIds, logListenerError } from '../events/listener-errors';
import type { Logger } from '../ports/logger';
import type {
  BackendEvent,
  BackendLayout,
  PaneAppearance,
  PaneInfo,
  PanePlacement,
  PaneSpec,
  ReadScreenOptions,
  RemoteMachine,
  TerminalBackend,
} from '../ports/terminal-backend';
import {
  hostsOfLayout,
  projectLayout,
  qualifyEvent,
  qualifyLayout,
  qualifyPane,
  splitHostId,
} from './host-ids';

export interface RoutingBackendOptions {
  /** This machine's backend (iTerm2, the embedded server, tmux, memory). */
  local: TerminalBackend;
  /**
   * Connects to a registered remote host (the host composes this with `TmuxBackend.connect({ ssh })`);
   * a host not registered must throw `not_found`. Called once per host, on its first use.
   */
  connect: (host: string) => Promise<TerminalBackend>;
  /** Where a pane spec without a host goes (default: this machine). */
  defaultHost?: string;
  /** Where a listener of its events that throws is logged (it does not stop the others). */
  logger?: Logger;
}

/**
 * One `TerminalBackend` over this machine's backend and one backend per remote host, connected lazily.
 * Remote pane, tab and window ids are `HOST/<id>` (docs/remote.md); a spec's `host` picks the machine,
 * a split or tab placement beside a pane on another machine becomes a new window there, and a layout is
 * split by host (each host lays out its own panes; a tab never spans machines).
 */
export class RoutingBackend implements TerminalBackend {
  readonly name: string;
  readonly notifiesScreenChanges?: boolean;
  private readonly remotes = new Map<string, Promise<TerminalBackend>>();
  private readonly connected = new Map<string, TerminalBackend>();
  /** Connected hosts whose connection is down (between their `backend.disconnected` and `backend.reconnected`). */
  private readonly down = new Set<string>();
  /** Hosts that could not be reached, tried again in the background: since when each was away. */
  private readonly retrying = new Map<string, number>();
  private readonly listeners: Emitter<BackendEvent>;
  private readonly stopLocal: () => void;
  private closed = false;
  // The person's keyboard and broadcast input are this machine's terminal's (remote tmux has neither).
  readonly focusedPane?: () => Promise<string | null>;
  readonly getBroadcastDomains?: () => Promise<string[][]>;
  readonly setBroadcastDomains?: (domains: string[][]) => Promise<void>;

  constructor(private readonly options: RoutingBackendOptions) {
    // The local backend's name: events and logs about "the backend" keep naming the terminal people see.
    this.name = options.local.name;
    this.listeners = new Emitter(
      logListenerError(options.logger, 'routing-backend', 'backend event', backendEventIds),
    );
    if (options.local.notifiesScreenChanges !== undefined)
      this.notifiesScreenChanges = options.local.notifiesScreenChanges;
    const { local } = options;
    if (local.focusedPane) this.focusedPane = () => local.focusedPane!();
    if (local.getBroadcastDomains) this.getBroadcastDomains = () => local.getBroadcastDomains!();
    if (local.setBroadcastDomains)
      this.setBroadcastDomains = (domains) => local.setBroadcastDomains!(domains);
    this.stopLocal = options.local.onEvent((event) => this.emit(event));
  }

  async createPane(spec: PaneSpec): Promise<PaneInfo> {
    const host = spec.host ?? this.options.defaultHost;
    const backend = await this.backendOf(host);
    const placement = spec.placement && (await this.placementOn(host, spec.placement));
    const { host: _host, ...rest } = spec;
    const pane = await backend.createPane({ ...rest, ...(placement ? { placement } : {}) });
    return qualifyPane(host, pane);
  }

  async closePane(paneId: string): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.closePane(id);
  }

  /** The panes of this machine and of every remote host that answers (an unreachable host's panes are not known now). */
  async listPanes(): Promise<PaneInfo[]> {
    const lists = await Promise.all(
      this.hosts().map(([host, backend]) =>
        this.unlessUnreachable(
          host,
          async () => (await backend.listPanes()).map((p) => qualifyPane(host, p)),
          [],
        ),
      ),
    );
    return lists.flat();
  }

  async getLayout(): Promise<BackendLayout> {
    const layouts = await Promise.all(
      this.hosts().map(([host, backend]) =>
        this.unlessUnreachable(host, async () => qualifyLayout(host, await backend.getLayout()), {
          windows: [],
        }),
      ),
    );
    return { windows: layouts.flatMap((layout) => layout.windows) };
  }

  /**
   * The hosts among `hosts` that are not connected and up now. Those not connected yet are connected in
   * the background (never waited for: a host's own registry lookup may wait for the fleet that asks), and
   * reported `backend.reconnected` once they answer, so the fleet re-binds their agents then. A (re)start
   * asks before re-binding: an agent whose host is away reads `unreachable`, never `lost`.
   */
  unreachableHosts(hosts: readonly string[]): Promise<string[]> {
    const away = [...new Set(hosts)].filter((host) => !this.connected.has(host) || this.down.has(host));
    for (const host of away) if (!this.connected.has(host)) this.retryLater(host, Date.now(), 0);
    return Promise.resolve(away);
  }

  /** Applies each machine's part; a host whose connection is down keeps its panes where they are until it is back. */
  async applyLayout(layout: BackendLayout): Promise<void> {
    const hosts = [...hostsOfLayout(layout)].filter((host) => host === undefined || !this.down.has(host));
    for (const host of hosts) {
      const backend = await this.backendOf(host);
      await backend.applyLayout(projectLayout(layout, host));
    }
  }

  async sendText(paneId: string, text: string): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.sendText(id, text);
  }

  async readScreen(paneId: string, options?: ReadScreenOptions) {
    const { backend, id } = await this.route(paneId);
    return backend.readScreen(id, options);
  }

  async restartPane(paneId: string): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.restartPane(id);
  }

  async readHistory(paneId: string, maxLines: number): Promise<string[]> {
    const { backend, id } = await this.route(paneId);
    if (backend.readHistory) return backend.readHistory(id, maxLines);
    return (await backend.readScreen(id, { scrollback: maxLines })).lines.slice(-maxLines);
  }

  async setAppearance(paneId: string, appearance: PaneAppearance): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.setAppearance(id, appearance);
  }

  async setVariable(paneId: string, name: string, value: string): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.setVariable(id, name, value);
  }

  async getVariable(paneId: string, name: string): Promise<string | undefined> {
    const { backend, id } = await this.route(paneId);
    return backend.getVariable(id, name);
  }

  async focus(paneId: string): Promise<void> {
    const { backend, id } = await this.route(paneId);
    await backend.focus(id);
  }

  /** The machine of a registered remote host, for agents' launches there (connected on first use). */
  async machineOf(host: string): Promise<RemoteMachine> {
    const backend = await this.backendOf(host);
    if (!backend.remoteMachine)
      throw new SwitchboardError('unavailable', `Host "${host}" gives no access to its machine's files`);
    return backend.remoteMachine();
  }

  onEvent(listener: (event: BackendEvent) => void): () => void {
    return this.listeners.on(listener);
  }

  /**
   * A host removed from the registry (`host.removed`): its connection is closed and forgotten, its events stop,
   * and its next use connects afresh to whatever the registry then says (a host re-added under the same name).
   * Never rejects: a connection that fails to close is forgotten all the same.
   */
  async forget(host: string): Promise<void> {
    const same = (name: string) => name.toLowerCase() === host.toLowerCase();
    const gone = [...this.remotes].filter(([name]) => same(name));
    for (const [name] of gone) {
      this.remotes.delete(name);
      this.connected.delete(name);
      this.down.delete(name);
    }
    for (const name of [...this.retrying.keys()].filter(same)) this.retrying.delete(name);
    const settled = await Promise.allSettled(gone.map(([, remote]) => remote));
    await Promise.allSettled(settled.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopLocal();
    const remotes = await Promise.allSettled(this.remotes.values());
    await Promise.all(remotes.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    await this.options.local.close();
  }

  private hosts(): [string | undefined, TerminalBackend][] {
    return [
      [undefined, this.options.local],
      ...[...this.connected.entries()].filter(([host]) => !this.down.has(host)),
    ];
  }

  /** A remote host's answer, or `fallback` when it turns out unreachable (its connection dropped meanwhile). */
  private async unlessUnreachable<T>(
    host: string | undefined,
    read: () => Promise<T>,
    fallback: T,
  ): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (host === undefined || !(error instanceof SwitchboardError && error.code === 'unavailable'))
        throw error;
      return fallback;
    }
  }

  private async route(qualifiedId: string): Promise<{ backend: TerminalBackend; id: string }> {
    const { host, id } = splitHostId(qualifiedId);
    return { backend: await this.backendOf(host), id };
  }

  /** A placement beside a pane or window of another machine cannot be honoured there: a new window instead. */
  private async placementOn(host: string | undefined, placement: PanePlacement): Promise<PanePlacement> {
    if (placement.kind === 'window') return placement;
    const target = splitHostId(placement.kind === 'split' ? placement.paneId : placement.windowId);
    if (target.host === host)
      return placement.kind === 'split'
        ? { ...placement, paneId: target.id }
        : { ...placement, windowId: target.id };
    const panes = await (await this.backendOf(target.host)).listPanes();
    const known = panes.some((p) => (placement.kind === 'split' ? p.id : p.windowId) === target.id);
    if (!known)
      throw new SwitchboardError(
        'not_found',
        `No ${placement.kind === 'split' ? 'pane' : 'window'} "${placement.kind === 'split' ? placement.paneId : placement.windowId}"`,
      );
    return { kind: 'window' };
  }

  /**
   * Connects a host in the background after `delay` ms, then again (1 s, doubling to 30 s) until it answers;
   * then it is reported as reconnected, so the fleet re-binds its agents.
   */
  private retryLater(host: string, since: number, delay: number): void {
    if (this.retrying.has(host) || this.closed) return;
    this.retrying.set(host, since);
    const timer = setTimeout(() => {
      // Connected meanwhile by another use (a spawn there): reported back then (backendOf).
      if (this.closed || !this.retrying.has(host)) return;
      this.backendOf(host).then(
        () => undefined,
        () => {
          this.retrying.delete(host);
          this.retryLater(host, since, Math.min(Math.max(delay * 2, 1000), 30_000));
        },
      );
    }, delay);
    timer.unref?.();
  }

  private backendOf(host: string | undefined): Promise<TerminalBackend> {
    if (host === undefined) return Promise.resolve(this.options.local);
    if (this.closed)
      return Promise.reject(new SwitchboardError('unavailable', 'The terminal backend is closed'));
    let remote = this.remotes.get(host);
    if (!remote) {
      const connecting: Promise<TerminalBackend> = this.options.connect(host).then((backend) => {
        // Forgotten while connecting: closed by forget, never used.
        if (this.remotes.get(host) !== connecting) return backend;
        this.connected.set(host, backend);
        backend.onEvent((event) => {
          if (this.connected.get(host) === backend) this.fromRemote(host, event);
        });
        // A host the background retry waits for is back whoever connected it (the retry, or a spawn there
        // first): reported now, so the fleet re-binds its agents now, not at the retry's next turn (up to 30 s).
        const since = this.retrying.get(host);
        if (since !== undefined) {
          this.retrying.delete(host);
          this.emit({ type: 'backend.reconnected', gapMs: Date.now() - since, host });
        }
        return backend;
      });
      remote = connecting;
      // A failed connection is retried on the next use, not remembered.
      remote.catch(() => this.remotes.get(host) === connecting && this.remotes.delete(host));
      this.remotes.set(host, remote);
    }
    return remote;
  }

  /**
   * A remote's events in qualified ids. Its own disconnection names the host: the local terminal and the
   * other hosts still answer, only its agents are unreachable; the fleet re-binds them when it comes back.
   */
  private fromRemote(host: string, event: BackendEvent): void {
    if (event.type === 'backend.disconnected') {
      this.down.add(host);
      return this.emit({ type: 'backend.disconnected', host });
    }
    if (event.type === 'backend.reconnected') {
      this.down.delete(host);
      return this.emit({ type: 'backend.reconnected', gapMs: event.gapMs, host });
    }
    this.emit(qualifyEvent(host, event));
  }

  private emit(event: BackendEvent): void {
    this.listeners.emit(event);
  }
}
