import { create } from '@bufbuild/protobuf';
import {
  FocusChangedNotification_Window_WindowStatus,
  FocusChangedNotificationSchema,
  FocusChangedNotification_WindowSchema,
  type FocusChangedNotification,
} from '../gen/api_pb';
import type { ModelObserver, SimTab, SimWindow } from './model-types';

const { BECAME_KEY, RESIGNED_KEY } = {
  BECAME_KEY: FocusChangedNotification_Window_WindowStatus.TERMINAL_WINDOW_BECAME_KEY,
  RESIGNED_KEY: FocusChangedNotification_Window_WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY,
};

export const focusEvent = (event: FocusChangedNotification['event']): FocusChangedNotification =>
  create(FocusChangedNotificationSchema, { event });

/** Which window is key, which tab selected and which session active in each, and whether the app is active; each change is reported. */
export class SimFocus {
  keyWindowId: string | undefined;
  applicationActive = true;

  constructor(
    private readonly windows: SimWindow[],
    private readonly observer: ModelObserver,
  ) {}

  /** Makes `window` the key window and reports that, followed by `then`. */
  makeKey(window: SimWindow, then: FocusChangedNotification[]): void {
    const events: FocusChangedNotification[] = [];
    if (this.keyWindowId !== window.id) {
      this.keyWindowId = window.id;
      events.push(
        focusEvent({
          case: 'window',
          value: {
            $typeName: 'iterm2.FocusChangedNotification.Window',
            windowStatus: BECAME_KEY,
            windowId: window.id,
          },
        }),
      );
    }
    this.observer.focusChanged([...events, ...then]);
  }

  /** A new window (or one a session moved into) is key, showing `tab` and its session. */
  opened(window: SimWindow, tab: SimTab, sessionId: string): void {
    this.makeKey(window, [
      focusEvent({ case: 'selectedTab', value: tab.id }),
      focusEvent({ case: 'session', value: sessionId }),
    ]);
  }

  /** The key window closed: the frontmost remaining one becomes key, or no window is. */
  windowClosed(window: SimWindow): void {
    if (this.keyWindowId !== window.id) return;
    const next = this.windows[this.windows.length - 1];
    this.keyWindowId = undefined;
    if (next) this.makeKey(next, []);
    else
      this.observer.focusChanged([
        focusEvent({
          case: 'window',
          value: {
            $typeName: 'iterm2.FocusChangedNotification.Window',
            windowStatus: RESIGNED_KEY,
            windowId: window.id,
          },
        }),
      ]);
  }

  /** Orders a window front (it becomes key). */
  orderFront(window: SimWindow): void {
    this.windows.splice(this.windows.indexOf(window), 1);
    this.windows.push(window);
    this.makeKey(window, []);
  }

  selectTab(window: SimWindow, tab: SimTab, orderFront: boolean): void {
    const events: FocusChangedNotification[] = [];
    if (window.selectedTabId !== tab.id) {
      window.selectedTabId = tab.id;
      events.push(
        focusEvent({ case: 'selectedTab', value: tab.id }),
        focusEvent({ case: 'session', value: tab.activeSessionId }),
      );
    }
    if (orderFront) this.makeKey(window, events);
    else if (events.length) this.observer.focusChanged(events);
  }

  setActiveSession(window: SimWindow, tab: SimTab, sessionId: string): void {
    if (tab.activeSessionId === sessionId) return;
    tab.activeSessionId = sessionId;
    if (window.selectedTabId === tab.id)
      this.observer.focusChanged([focusEvent({ case: 'session', value: sessionId })]);
  }

  setApplicationActive(active: boolean): void {
    if (this.applicationActive === active) return;
    this.applicationActive = active;
    this.observer.focusChanged([focusEvent({ case: 'applicationActive', value: active })]);
  }

  /** FocusResponse order: app active, key window, then per window its selected tab and each tab's active session. */
  snapshot(): FocusChangedNotification[] {
    const out = [focusEvent({ case: 'applicationActive', value: this.applicationActive })];
    const key = this.keyWindowId;
    const window = create(FocusChangedNotification_WindowSchema, {
      windowStatus: key ? BECAME_KEY : RESIGNED_KEY,
    });
    if (key) window.windowId = key;
    out.push(focusEvent({ case: 'window', value: window }));
    for (const window of this.windows) {
      if (window.tabs.length === 0) continue;
      out.push(focusEvent({ case: 'selectedTab', value: window.selectedTabId }));
      for (const tab of window.tabs) out.push(focusEvent({ case: 'session', value: tab.activeSessionId }));
    }
    return out;
  }
}
