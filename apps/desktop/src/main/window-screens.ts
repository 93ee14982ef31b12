import { ScreenSubscriptions } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';

type Send = (event: SwitchboardEvent) => void;

/**
 * pane.mirror over Electron IPC: one ScreenSubscriptions per window (webContents id), as the API
 * WebSocket keeps one per connection. A window receives only the screens it mirrors, and its
 * subscriptions are given back when it navigates (a reload) or is destroyed.
 */
export class WindowScreens {
  private readonly byWindow = new Map<number, ScreenSubscriptions>();
  /** How each window's events are sent (set when the window subscribes to events). */
  private readonly outlets = new Map<number, Send>();

  constructor(
    private readonly api: Pick<Api, 'invoke'>,
    private readonly caller: Caller = humanCaller,
  ) {}

  /** The subscriptions of a window, made on first use. */
  of(windowId: number): ScreenSubscriptions {
    let screens = this.byWindow.get(windowId);
    if (!screens) {
      screens = new ScreenSubscriptions(this.api, this.caller, (event) =>
        this.outlets.get(windowId)?.(event),
      );
      this.byWindow.set(windowId, screens);
    }
    return screens;
  }

  /** Where a window's events go from now on. */
  attach(windowId: number, send: Send): void {
    this.outlets.set(windowId, send);
  }

  /** Sends the window an event it may see: screens only of panes it mirrors, everything else. */
  offer(windowId: number, event: SwitchboardEvent): void {
    const screens = this.byWindow.get(windowId);
    if (screens) screens.offer(event);
    else if (event.type !== 'pane.screen') this.outlets.get(windowId)?.(event);
  }

  /** Gives back everything a window mirrors (it reloaded or closed). */
  release(windowId: number): Promise<void> {
    const screens = this.byWindow.get(windowId);
    this.byWindow.delete(windowId);
    return screens ? screens.close() : Promise.resolve();
  }

  /** The window stopped listening for events. */
  detach(windowId: number): void {
    this.outlets.delete(windowId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.byWindow.keys()].map((id) => this.release(id)));
  }
}
