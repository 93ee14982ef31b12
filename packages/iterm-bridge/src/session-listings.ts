import type { PaneInfo } from '@switchboard/core';

/**
 * Sessions ending this close together share one listing, this long after the first (ms). A closed session is
 * reported by its layout change (which carries the listing) anyway; the listing after an exit is the safety
 * net. One per exit was a listing of every session per exit: 100 agents exiting together cost the terminal
 * ~100 full listings while it was reporting the other exits.
 */
const EXIT_LISTING_DELAY_MS = 100;

/**
 * When the backend lists every session (what a listing does is `list`'s): one listing at a time; callers arriving
 * while one runs share one follow-up listing that starts after it (so it sees their changes), never more than one
 * waits; exits close together share one listing a moment after the first.
 */
export class SessionListings {
  private running: Promise<PaneInfo[]> | undefined;
  private queued: Promise<PaneInfo[]> | undefined;
  private afterExits: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly list: () => Promise<PaneInfo[]>) {}

  /** Lists now, or joins the follow-up of the listing that runs. */
  refresh(): Promise<PaneInfo[]> {
    if (this.queued) return this.queued;
    const previous = this.running;
    // Swallowed on purpose: the previous refresh's error went to its own caller; this one only waits for it to end.
    const next: Promise<PaneInfo[]> = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(
      () => {
        if (this.queued === next) this.queued = undefined;
        return this.list();
      },
    );
    if (previous) this.queued = next;
    this.running = next;
    next.then(
      () => this.running === next && (this.running = undefined),
      () => this.running === next && (this.running = undefined),
    );
    return next;
  }

  /** A listing nobody waits for. */
  schedule(): void {
    // Swallowed on purpose: a failed refresh is retried at the next event or call; the call that needs panes gets its own error.
    void this.refresh().catch(() => undefined);
  }

  /** A session ended: a listing shortly, shared with the exits that follow it. */
  afterExit(): void {
    this.afterExits ??= setTimeout(() => {
      this.afterExits = undefined;
      if (!this.closed) this.schedule();
    }, EXIT_LISTING_DELAY_MS);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.afterExits);
  }
}
