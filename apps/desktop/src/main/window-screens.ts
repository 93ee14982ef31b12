import { ScreenSubscriptions } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import type { Api, Caller, SwitchboardEvent } from '@switchboard/protocol';

/**
 * pane.mirror over Electron IPC: one ScreenSubscriptions per window (webContents id), as the API
 * WebSocket keeps one per connection. A window receives only the screens it mirrors, and its
 * subscriptions are given back when it navigates (a reload) or is destroyed.
 */
export class WindowScreens {
  private readonly byWindow = new Map<number, ScreenSubscriptions>();

  constructor(private readonly api: Pick<Api, 'invoke'>, private readonly caller: Caller = humanCaller) {}

  /** The subscriptions of a window, made on first use. */
  of(windowId: number): ScreenSubscriptions {
    let screens = this.byWindow.get(windowId);
    if (!screens) {
      screens = new ScreenSubscriptions(this.api, this.caller);
      this.byWindow.set(windowId, screens);
    }
    return screens;
  }

  /** Should the window get this event? Screens only of panes it mirrors; everything else. */
  admits(windowId: number, event: SwitchboardEvent): boolean {
    const screens = this.byWindow.get(windowId);
    return screens ? screens.admits(event) : event.type !== 'pane.screen';
  }

  /** Gives back everything a window mirrors (it reloaded or closed). */
  release(windowId: number): Promise<void> {
    const screens = this.byWindow.get(windowId);
    this.byWindow.delete(windowId);
    return screens ? screens.close() : Promise.resolve();
  }

  async close(): Promise<void> {
    await Promise.all([...this.byWindow.keys()].map((id) => this.release(id)));
  }
}
