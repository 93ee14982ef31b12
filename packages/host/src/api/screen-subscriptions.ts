import { setMaxListeners } from 'node:events';
import { SwitchboardError, bindApi, commands } from '@switchboard/protocol';
import type { Api, Caller, Client, EventOf, SwitchboardEvent } from '@switchboard/protocol';

type ScreenFrame = EventOf<'pane.screen'>;

/** Bounds on frames held while a pane.mirror is in flight (the wait is normally a few microtasks). */
const MAX_HELD_PANES = 32;
const MAX_HELD_FRAMES_PER_PANE = 64;

/**
 * One connection's pane.mirror subscriptions. Every transport server (WebSocket, Electron IPC) makes
 * one per connection, routes its calls through `invoke` and its events through `offer`: a connection
 * receives a pane's `pane.screen` frames only while it mirrors that pane, may only unmirror what it
 * mirrored itself, and gives everything back on `close` (so a closed tab never keeps core reading a screen); `close`
 * also ends the connection's calls still waiting (a long-poll, an approval wait: the caller has gone).
 *
 * A new viewer's first (full) frame can be sent before the answer to its pane.mirror reaches this class
 * (the pane already had viewers, or the answer took a few microtasks longer). Until then nobody here knows
 * which pane the call will name, so frames of panes this connection does not mirror are held — per pane,
 * from its latest full frame on, bounded — and only the answered pane's are delivered; the rest are dropped
 * when no call is in flight any more. A connection never receives a frame of a pane it did not mirror.
 */
export class ScreenSubscriptions {
  /** Pane id → how many pane.mirror calls of this connection are not yet undone. */
  private readonly panes = new Map<string, number>();
  /** While pane.mirror calls are in flight: frames of panes not (yet) mirrored here, from a full frame on. */
  private readonly held = new Map<string, ScreenFrame[]>();
  private pending = 0;
  private closed = false;
  /** Aborted on `close`: the signal of every call the connection makes. */
  private readonly gone = new AbortController();

  /** For the calls this class makes itself; the connection's own calls are forwarded as they came. */
  private readonly client: Client;

  constructor(
    private readonly api: Pick<Api, 'invoke'>,
    private readonly caller: Caller,
    /** Sends an event to the connection. */
    private readonly deliver: (event: SwitchboardEvent) => void,
  ) {
    this.client = bindApi(api, caller);
    // Each waiting call listens on it; the transport bounds how many (64 on the WebSocket): no warning at Node's 10.
    setMaxListeners(0, this.gone.signal);
  }

  async invoke(name: string, input: unknown): Promise<unknown> {
    if (name === 'pane.mirror') return this.mirror(name, input);
    if (name === 'pane.unmirror') return this.unmirror(name, input);
    return this.api.invoke(this.caller, name, input, { signal: this.gone.signal });
  }

  /** Passes an event on to the connection: now, once the pane.mirror in flight names its pane, or never. */
  offer(event: SwitchboardEvent): void {
    if (event.type !== 'pane.screen' || this.panes.has(event.paneId)) return this.deliver(event);
    if (this.pending > 0 && !this.closed) this.hold(event);
  }

  /** The panes this connection mirrors. */
  mirrored(): string[] {
    return [...this.panes.keys()];
  }

  /** Undoes every subscription left (the connection went away). */
  async close(): Promise<void> {
    this.closed = true;
    this.gone.abort();
    this.held.clear();
    const left = [...this.panes.entries()];
    this.panes.clear();
    await Promise.all(
      left.flatMap(([paneId, count]) => Array.from({ length: count }, () => this.release(paneId))),
    );
  }

  private async mirror(name: 'pane.mirror', input: unknown): Promise<unknown> {
    this.pending += 1;
    try {
      const output = await this.api.invoke(this.caller, name, input);
      const { paneId } = commands['pane.mirror'].output.parse(output);
      if (this.closed) await this.release(paneId);
      else this.panes.set(paneId, (this.panes.get(paneId) ?? 0) + 1);
      const early = this.held.get(paneId) ?? [];
      this.held.delete(paneId);
      if (!this.closed) for (const frame of early) this.deliver(frame);
      return output;
    } finally {
      this.pending -= 1;
      if (this.pending === 0) this.held.clear();
    }
  }

  /** Keeps a frame for a pane.mirror in flight; an incremental frame only follows a held full one. */
  private hold(frame: ScreenFrame): void {
    const frames = frame.full ? [] : this.held.get(frame.paneId);
    if (!frames) return;
    if (!this.held.has(frame.paneId) && this.held.size >= MAX_HELD_PANES) return;
    if (frames.length >= MAX_HELD_FRAMES_PER_PANE) return void this.held.delete(frame.paneId);
    frames.push(frame);
    this.held.set(frame.paneId, frames);
  }

  private async unmirror(name: 'pane.unmirror', input: unknown): Promise<unknown> {
    const parsed = commands[name].input.safeParse(input);
    // Bad input: let the host answer with its usual typed error.
    if (!parsed.success) return this.api.invoke(this.caller, name, input);
    const { paneId } = parsed.data;
    const count = this.panes.get(paneId) ?? 0;
    if (count === 0) {
      throw new SwitchboardError('not_found', `This connection does not mirror pane "${paneId}"`, {
        hint: 'pane.unmirror undoes a pane.mirror of the same connection.',
      });
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
