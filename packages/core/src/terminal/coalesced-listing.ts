/**
 * A listing of every pane in the terminal starts this long after the change that asks for it (ms), and every
 * change meanwhile is in it. Listings after pane changes (the panes no agent owns, the attention centre's pane
 * locations) had each run once per change: 100 agents exiting together (an exit and a close each, a layout
 * change per close) asked the terminal for hundreds of full listings while it was still reporting the exits.
 */
export const LISTING_DELAY_MS = 100;

/**
 * Runs `list` once per burst of `trigger`s: `delayMs` after the first, and once more after it ends when
 * triggered while it ran (it may have read the terminal before that change).
 */
export class CoalescedListing {
  private running: Promise<void> | undefined;
  /** Waiting out `delayMs`: a trigger now is in the coming run. */
  private waiting = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly list: () => Promise<void>,
    private readonly delayMs = LISTING_DELAY_MS,
  ) {}

  trigger(): void {
    if (this.closed || this.waiting) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.waiting = true;
    this.running = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs).unref())
      .then(() => {
        this.waiting = false;
        return this.closed ? undefined : this.list();
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.trigger();
        }
      });
  }

  /** Resolves once every run asked for so far has ended. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
  }
}
