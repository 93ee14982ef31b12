import { SwitchboardError, bindApi, commands } from '@switchboard/protocol';
import type { Api, Caller, Client, SwitchboardEvent } from '@switchboard/protocol';

/**
 * One connection's pane.mirror subscriptions. Every transport server (WebSocket, Electron IPC) makes
 * one per connection, routes its calls through `invoke` and its events through `admits`: a connection
 * receives a pane's `pane.screen` frames only while it mirrors that pane, may only unmirror what it
 * mirrored itself, and gives everything back on `close` (so a closed tab never keeps core reading a screen).
 */
export class ScreenSubscriptions {
  /** Pane id → how many pane.mirror calls of this connection are not yet undone. */
  private readonly panes = new Map<string, number>();
  private pending = 0;
  private closed = false;

  /** For the calls this class makes itself; the connection's own calls are forwarded as they came. */
  private readonly client: Client;

  constructor(private readonly api: Pick<Api, 'invoke'>, private readonly caller: Caller) {
    this.client = bindApi(api, caller);
  }

  async invoke(name: string, input: unknown): Promise<unknown> {
    if (name === 'pane.mirror') return this.mirror(name, input);
    if (name === 'pane.unmirror') return this.unmirror(name, input);
    return this.api.invoke(this.caller, name, input);
  }

  /** Should this event go to the connection? Every event but other panes' screens. */
  admits(event: SwitchboardEvent): boolean {
    if (event.type !== 'pane.screen') return true;
    if (this.panes.has(event.paneId)) return true;
    // Core sends a new viewer's first (full) frame only after answering, but the answer reaches us a few
    // microtasks later; while a pane.mirror is in flight, full frames pass (the client keeps its panes').
    return this.pending > 0 && event.full;
  }

  /** The panes this connection mirrors. */
  mirrored(): string[] {
    return [...this.panes.keys()];
  }

  /** Undoes every subscription left (the connection went away). */
  async close(): Promise<void> {
    this.closed = true;
    const left = [...this.panes.entries()];
    this.panes.clear();
    await Promise.all(left.flatMap(([paneId, count]) => Array.from({ length: count }, () => this.release(paneId))));
  }

  private async mirror(name: 'pane.mirror', input: unknown): Promise<unknown> {
    this.pending += 1;
    try {
      const output = await this.api.invoke(this.caller, name, input);
      const { paneId } = commands['pane.mirror'].output.parse(output);
      if (this.closed) await this.release(paneId);
      else this.panes.set(paneId, (this.panes.get(paneId) ?? 0) + 1);
      return output;
    } finally {
      this.pending -= 1;
    }
  }

  private async unmirror(name: 'pane.unmirror', input: unknown): Promise<unknown> {
    const parsed = commands[name].input.safeParse(input);
    // Bad input: let the host answer with its usual typed error.
    if (!parsed.success) return this.api.invoke(this.caller, name, input);
    const { paneId } = parsed.data;
    const count = this.panes.get(paneId) ?? 0;
    if (count === 0) {
      throw new SwitchboardError('not_found', `This connection does not mirror pane "${paneId}"`, { hint: 'pane.unmirror undoes a pane.mirror of the same connection.' });
    }
    if (count === 1) this.panes.delete(paneId);
    else this.panes.set(paneId, count - 1);
    return this.client.call('pane.unmirror', { paneId });
  }

  private release(paneId: string): Promise<unknown> {
    // Swallowed on purpose: releasing a mirror the pane no longer has (closed, or the host stopping) needs nothing more.
    return this.client.call('pane.unmirror', { paneId }).catch(() => undefined);
  }
}
