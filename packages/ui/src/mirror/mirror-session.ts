import { SwitchboardError } from '@switchboard/protocol';
import type { Client, ConnectionStatus, SwitchboardEvent } from '@switchboard/protocol';
import { KeyForwarder } from './key-forwarder';
import { applyFrame, blankMirror, type MirrorScreen, type WriterOptions } from './screen-writer';

/** Where a mirror draws: an xterm.js terminal in the app, a recorder in tests. */
export interface MirrorSink {
  write(data: string): void;
  resize(columns: number, rows: number): void;
}

/** What the mirror is doing, in words for the person watching. */
export type MirrorStatus =
  | { kind: 'connecting' }
  | { kind: 'live'; frame: number }
  | { kind: 'offline' }
  | { kind: 'failed'; reason: string };

export interface MirrorSessionOptions extends WriterOptions {
  client: Client;
  paneId: string;
  sink: MirrorSink;
  onStatus?(status: MirrorStatus): void;
  /** A key could not be delivered (the pane is locked, gone, …). */
  onKeyError?(reason: string): void;
}

/**
 * One pane's live mirror over any client: calls pane.mirror (again after a reconnect: the host gave the
 * old subscription back when the link dropped), applies `pane.screen` frames to the sink, asks for a
 * full frame when one was missed, forwards typed keys with pane.send, and calls pane.unmirror on close.
 */
export class MirrorSession {
  private screen: MirrorScreen = blankMirror;
  private held = false;
  private inFlight = false;
  private closed = false;
  private link: ConnectionStatus | 'unknown' = 'unknown';
  private readonly stops: (() => void)[] = [];
  private readonly keys: KeyForwarder;

  constructor(private readonly options: MirrorSessionOptions) {
    const { client, paneId } = options;
    this.keys = new KeyForwarder(
      async (text) => void (await client.call('pane.send', { targets: [paneId], text, submit: false })),
      (error) => options.onKeyError?.(reasonOf(error)),
    );
  }

  start(): void {
    const { client } = this.options;
    this.report({ kind: 'connecting' });
    this.stops.push(client.onEvent((event) => this.receive(event)));
    this.stops.push(
      client.onStatus((status) => {
        this.link = status;
        if (status === 'closed') {
          // The host released this connection's subscriptions; the next frame must be a full one.
          this.held = false;
          this.screen = blankMirror;
          this.report({ kind: 'offline' });
        } else if (status === 'open') this.subscribe();
      }),
    );
    this.subscribe();
  }

  /** Sends what was typed into the mirror to the pane. */
  type(data: string): void {
    if (!this.closed) this.keys.type(data);
  }

  /** The screen as last drawn (for tests and the accessible text view). */
  get current(): MirrorScreen {
    return this.screen;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stops.splice(0).forEach((stop) => stop());
    // Swallowed on purpose: the host drops a mirror with its connection anyway; the view is closing.
    if (this.held)
      void this.options.client.call('pane.unmirror', { paneId: this.options.paneId }).catch(() => undefined);
    this.held = false;
  }

  private subscribe(): void {
    if (this.closed || this.held || this.inFlight || this.link === 'connecting' || this.link === 'closed')
      return;
    const { client, paneId } = this.options;
    this.inFlight = true;
    client.call('pane.mirror', { target: paneId }).then(
      () => {
        this.inFlight = false;
        // Swallowed on purpose: the host drops a mirror with its connection anyway; the view is closing.
        if (this.closed) void client.call('pane.unmirror', { paneId }).catch(() => undefined);
        else this.held = true;
      },
      (error: unknown) => {
        this.inFlight = false;
        // Not connected yet: the status listener subscribes when the link opens.
        if (!(error instanceof SwitchboardError && error.code === 'unavailable' && this.link !== 'open'))
          this.report({ kind: 'failed', reason: reasonOf(error) });
      },
    );
  }

  /** A second pane.mirror makes the host send a full frame; the extra count is given straight back. */
  private resync(): void {
    const { client, paneId } = this.options;
    this.screen = blankMirror;
    void client
      .call('pane.mirror', { target: paneId })
      .then(
        () => client.call('pane.unmirror', { paneId }),
        // Swallowed on purpose: a mirror that could not start needs no stop; the view is closing.
        () => undefined,
      )
      .catch(() => undefined);
  }

  private receive(event: SwitchboardEvent): void {
    if (this.closed || event.type !== 'pane.screen' || event.paneId !== this.options.paneId) return;
    const step = applyFrame(this.screen, event, this.options);
    if (step.resync) return this.resync();
    if (step.screen === this.screen) return;
    this.screen = step.screen;
    if (step.resize) this.options.sink.resize(step.resize.columns, step.resize.rows);
    if (step.data) this.options.sink.write(step.data);
    this.report({ kind: 'live', frame: step.screen.frame });
  }

  private report(status: MirrorStatus): void {
    this.options.onStatus?.(status);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
