import { logListenerError } from '../events/listener-errors';
import { silentLogger, type Logger } from '../ports/logger';
import type { ScreenSnapshot } from '../ports/terminal-backend';
import { redactScreen, type RedactedScreen } from '../recordings/redact-screen';
import { freshLines } from './fresh-lines';
import type { ScreenObserver, ScreenSubscription } from './screen-observer';

export type FreshLinesListener = (lines: string[], screen: ScreenSnapshot) => void;

interface Followed {
  listeners: Set<FreshLinesListener>;
  /** The lines of the last screen; undefined until the first (the baseline) has been read. */
  previous: string[] | undefined;
  /** The last screen as read and as redacted: the next one's unchanged lines keep their redaction. */
  redacted: RedactedScreen | undefined;
  subscription: ScreenSubscription;
}

/**
 * Turns a pane's screens, as the screen observer reads them, into its new complete lines, for the
 * panes someone follows (wait_for, watches). One observer subscription per followed pane. Screens are
 * redacted first, a soft-wrapped line as one (`redactScreen`): the rows of a token broken at the pane's
 * edge went out one by one in `pane.matched` and no row looked like a secret to the per-row redaction.
 */
export class OutputTracker {
  private readonly followed = new Map<string, Followed>();

  private readonly followerFailed: (err: unknown, paneId: string) => void;

  constructor(
    private readonly observer: ScreenObserver,
    /** Where a follower that throws is written (it must not starve the others, nor vanish). */
    logger: Logger = silentLogger,
  ) {
    this.followerFailed = logListenerError(logger, 'panes', 'output', (paneId: string) => ({ paneId }));
  }

  /** Calls `listener` with each batch of new complete lines in the pane, counting from the screen as it is now. */
  follow(paneId: string, listener: FreshLinesListener): { ready: Promise<void>; stop: () => void } {
    const entry = this.followed.get(paneId) ?? this.open(paneId);
    entry.listeners.add(listener);
    return {
      ready: entry.subscription.ready,
      stop: () => {
        entry.listeners.delete(listener);
        if (entry.listeners.size > 0 || this.followed.get(paneId) !== entry) return;
        entry.subscription.stop();
        this.followed.delete(paneId);
      },
    };
  }

  close(): void {
    for (const entry of this.followed.values()) entry.subscription.stop();
    this.followed.clear();
  }

  private open(paneId: string): Followed {
    const entry: Followed = {
      listeners: new Set(),
      previous: undefined,
      redacted: undefined,
      subscription: undefined!,
    };
    entry.subscription = this.observer.observe(
      paneId,
      (read) => {
        const screen = redactScreen(read, undefined, entry.redacted);
        entry.redacted = { raw: read, redacted: screen };
        const before = entry.previous;
        entry.previous = screen.lines;
        if (before === undefined) return;
        const lines = freshLines(before, screen);
        if (lines.length === 0) return;
        for (const listener of [...entry.listeners]) {
          try {
            listener(lines, screen);
          } catch (err) {
            // One failing follower must not starve the others; it is a bug, so it is logged.
            this.followerFailed(err, paneId);
          }
        }
      },
      { onError: () => void (entry.previous ??= []) },
    );
    this.followed.set(paneId, entry);
    return entry;
  }
}
