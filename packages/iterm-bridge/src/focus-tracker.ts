import type { PaneInfo } from '@switchboard/core';
import { FocusChangedNotification_Window_WindowStatus, type FocusChangedNotification } from './gen/api_pb';
import { keepRecent } from './recent-keys';

/**
 * Tab selections and session activations remembered: only each window's latest can decide the focus, and tabs are
 * never reported closed, so the oldest go past this many rather than one staying per tab a long run ever had.
 */
export const FOCUS_EVENTS_REMEMBERED = 1024;

/**
 * Which pane has the keyboard focus, kept as iTerm2's Python library keeps it (`App._async_focus_change`):
 * the current terminal window (a window that resigned key stays current), each window's selected tab and
 * each tab's active session. iTerm2 reports each of the three on its own, and a session activated in a
 * tab that is not in front does not take the focus; the focused pane is the active session of the
 * selected tab of the current window. Events only carry ids, so each is remembered with its order and
 * resolved against the panes when asked (a session's event can arrive before a listing names it).
 */
export class FocusTracker {
  private order = 0;
  private currentWindow: string | undefined;
  private readonly tabSelectedAt = new Map<string, number>();
  private readonly sessionActivatedAt = new Map<string, number>();
  private reported: string | null = null;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly panes: () => Iterable<PaneInfo>,
    private readonly onFocused: (paneId: string) => void,
  ) {}

  /** iTerm2's focus snapshot (FocusRequest): its events in order, without reporting a change. */
  seed(snapshot: readonly FocusChangedNotification[]): void {
    for (const event of snapshot) this.record(event);
    this.reported = this.focusedPane();
  }

  /**
   * A FocusChanged notification: reports `pane.focused` when the focused pane changed. iTerm2 sends one
   * change as several notifications (a tab selected, then its session), so the check waits for the rest
   * of the burst: no pane that only seemed focused between two of them is reported.
   */
  apply(event: FocusChangedNotification): void {
    this.record(event);
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.recheck();
    }, 0);
  }

  /** The panes changed (a listing): the focus may now resolve, or have moved with a closed pane. */
  recheck(): void {
    const now = this.focusedPane();
    if (now === this.reported) return;
    this.reported = now;
    if (now !== null) this.onFocused(now);
  }

  /** A closed pane's record goes with it. */
  forget(paneId: string): void {
    this.sessionActivatedAt.delete(paneId);
  }

  focusedPane(): string | null {
    if (this.currentWindow === undefined) return null;
    const inWindow = [...this.panes()].filter((p) => p.windowId === this.currentWindow);
    const tab = latest(inWindow, (p) => this.tabSelectedAt.get(p.tabId))?.tabId;
    const inTab = inWindow.filter((p) => p.tabId === tab);
    return latest(inTab, (p) => this.sessionActivatedAt.get(p.id))?.id ?? null;
  }

  private record(notification: FocusChangedNotification): void {
    const event = notification.event;
    const order = ++this.order;
    if (event.case === 'window') {
      // As the library does: a window resigning key stays the current terminal window.
      if (
        event.value.windowStatus !== FocusChangedNotification_Window_WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY
      )
        this.currentWindow = event.value.windowId;
    } else if (event.case === 'selectedTab')
      keepRecent(this.tabSelectedAt, event.value, order, FOCUS_EVENTS_REMEMBERED);
    else if (event.case === 'session')
      keepRecent(this.sessionActivatedAt, event.value, order, FOCUS_EVENTS_REMEMBERED);
  }
}

/** The pane whose event came last; the first pane when none has one (a window with one tab, a tab with one pane). */
function latest(
  panes: readonly PaneInfo[],
  orderOf: (pane: PaneInfo) => number | undefined,
): PaneInfo | undefined {
  let best: PaneInfo | undefined;
  let bestOrder = -1;
  for (const pane of panes) {
    const order = orderOf(pane) ?? 0;
    if (!best || order > bestOrder) [best, bestOrder] = [pane, order];
  }
  return best;
}
