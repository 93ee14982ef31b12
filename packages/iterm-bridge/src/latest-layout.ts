import type { LayoutChangedNotification } from './gen/api_pb';

/**
 * Layout changes read together, reconciled once: each carries the listing of every session, and when several
 * arrive in one read (100 sessions ending together: one per server turn, 2–49 per burst) the last says how
 * things are now. A layout change is held until the read's frames are handled (a microtask) and replaced by
 * any that follows; only the one left is decoded and reconciled. Notifications that do not depend on the
 * known panes (screen updates, prompt marks, keystrokes, exits, new sessions: each its own event or listing)
 * pass a held layout; a focus or variable change (a pane's rows) has it reconciled first. A pane listed and
 * gone again within one read is never announced.
 */
export class LatestLayout {
  private held: { notification: LayoutChangedNotification; stamp: number } | undefined;
  /** Layout changes replaced by a later one before they were reconciled (tests, benches). */
  superseded = 0;

  /**
   * `failed` gets what `reconcile` throws in the microtask (a listener's error there would otherwise be uncaught);
   * a `release` called by the caller throws to it.
   */
  constructor(
    private readonly reconcile: (notification: LayoutChangedNotification, stamp: number) => void,
    private readonly failed: (error: unknown, notification: LayoutChangedNotification) => void,
  ) {}

  /** A layout change arrived (its listing stamped now): held until the read is handled. */
  hold(notification: LayoutChangedNotification, stamp: number): void {
    if (this.held) this.superseded++;
    else queueMicrotask(() => this.releaseLater());
    this.held = { notification, stamp };
  }

  private releaseLater(): void {
    const held = this.held;
    if (!held) return;
    try {
      this.release();
    } catch (error) {
      this.failed(error, held.notification);
    }
  }

  /** Reconciles the held layout change now, if there is one. */
  release(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.reconcile(held.notification, held.stamp);
  }

  /** Forgets a held layout change (the backend closed). */
  drop(): void {
    this.held = undefined;
  }
}
