import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { freshLines } from './fresh-lines';

export type FreshLinesListener = (lines: string[], screen: ScreenSnapshot) => void;

interface Followed {
  listeners: Set<FreshLinesListener>;
  previous: string[];
  /** Settles once the first screen (the baseline) has been read. */
  baseline: Promise<void>;
  reading: boolean;
  dirty: boolean;
}

/**
 * Turns the backend's "pane printed something" events into the new complete lines, for the panes
 * someone follows (wait_for, watches). Reads are coalesced: one read in flight per pane and one more
 * after it if output arrived meanwhile, so a chatty pane costs at most one queued screen read.
 */
export class OutputTracker {
  private readonly followed = new Map<string, Followed>();
  private readonly stop: () => void;

  constructor(private readonly backend: TerminalBackend) {
    this.stop = backend.onEvent((event) => {
      if (event.type === 'pane.output') this.refresh(event.paneId);
      if (event.type === 'pane.closed') this.followed.delete(event.paneId);
    });
  }

  /** Calls `listener` with each batch of new complete lines in the pane, counting from the screen as it is now. */
  follow(paneId: string, listener: FreshLinesListener): { ready: Promise<void>; stop: () => void } {
    let entry = this.followed.get(paneId);
    if (!entry) {
      const created: Followed = { listeners: new Set(), previous: [], baseline: Promise.resolve(), reading: true, dirty: false };
      created.baseline = this.backend
        .readScreen(paneId)
        .then((screen) => void (created.previous = screen.lines))
        // Swallowed on purpose: no previous screen just means the first diff is against nothing; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
        .catch(() => undefined)
        .finally(() => this.settle(paneId, created));
      this.followed.set(paneId, created);
      entry = created;
    }
    entry.listeners.add(listener);
    const followed = entry;
    return {
      ready: followed.baseline,
      stop: () => {
        followed.listeners.delete(listener);
        if (followed.listeners.size === 0 && this.followed.get(paneId) === followed) this.followed.delete(paneId);
      },
    };
  }

  close(): void {
    this.stop();
    this.followed.clear();
  }

  private refresh(paneId: string): void {
    const entry = this.followed.get(paneId);
    if (!entry) return;
    if (entry.reading) {
      entry.dirty = true;
      return;
    }
    entry.reading = true;
    this.backend
      .readScreen(paneId)
      .then((screen) => {
        const lines = freshLines(entry.previous, screen);
        entry.previous = screen.lines;
        if (lines.length === 0) return;
        for (const listener of [...entry.listeners]) {
          try {
            listener(lines, screen);
          } catch {
            // One failing follower must not starve the others.
          }
        }
      })
      .catch(() => undefined)
      .finally(() => this.settle(paneId, entry));
  }

  private settle(paneId: string, entry: Followed): void {
    entry.reading = false;
    if (entry.dirty && this.followed.get(paneId) === entry) {
      entry.dirty = false;
      this.refresh(paneId);
    }
  }
}
