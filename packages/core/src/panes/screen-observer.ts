import type { Clock } from '../ports/clock';
import type { BackendEvent, ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { ScrollEstimate, screenPart } from './passed-lines';
import { DEFAULT_SCREEN_PACE, type ScreenPace } from './screen-pace';

export { DEFAULT_SCREEN_PACE, type ScreenPace } from './screen-pace';

/**
 * Hears each screen of the pane read after it subscribed; a consumer that asked for `passedLines` also hears
 * the read whole when it carried lines above the screen (those lines, then the screen).
 */
export type ScreenListener = (screen: ScreenSnapshot, read?: ScreenSnapshot) => void;

export interface ObserveOptions {
  /**
   * How soon after a change this consumer wants the new screen (ms). The pane is read at the shortest
   * interval any of its consumers asks for; a function is asked again at every scheduling (a busy pane
   * that keeps saying the same thing may be read less often).
   */
  intervalMs?: number | (() => number);
  /** A read of the pane failed (it may be gone: its closing arrives as a backend event). */
  onError?: (error: unknown) => void;
  /** This consumer wants colours and attributes: while it observes, the pane is read with styles (every consumer hears those screens). */
  styles?: boolean;
  /**
   * While the pane prints without pause (busy), this consumer is content with the observer's busy pace
   * (`ScreenPace.busyIntervalMs`); a function is asked at every scheduling. The pane slows down only when
   * every consumer agrees. Default false: this consumer's own interval holds.
   */
  acceptsBusyPace?: boolean | (() => boolean);
  /**
   * Up to this many lines that scroll off between two reads of a pane that keeps scrolling: its reads ask for them
   * above the screen (`passed-lines.ts`), this consumer hears the read whole too; the others, the screen alone.
   */
  passedLines?: number;
}

export interface ScreenSubscription {
  /** Settles once this consumer has had its first screen, or its first read failed. */
  readonly ready: Promise<void>;
  /**
   * Asks for the screen as it is now: the last one read when no change was reported since (no backend
   * call, and only this consumer hears it again), else a fresh read within the throttle, which every
   * consumer hears.
   */
  refresh(): void;
  stop(): void;
}

export interface ScreenObserverDeps {
  backend: TerminalBackend;
  clock: Clock;
  /** The interval of consumers that name none. */
  intervalMs?: number;
  /**
   * A change is read this long after its notification at the earliest, so the notifications of one
   * change (a keystroke's echo, then the program's answer) cost one read, not two.
   */
  settleMs?: number;
  /** For a backend that sends no screen-change notifications: how often each observed pane is read. */
  pollMs?: number;
  /** A consumer threw; the others heard the screen regardless. */
  onListenerError?: (error: unknown, paneId: string) => void;
  /** How busy panes are read (default `DEFAULT_SCREEN_PACE`). */
  pace?: Partial<ScreenPace>;
}

export const DEFAULT_OBSERVE_INTERVAL_MS = 50;
export const DEFAULT_SETTLE_MS = 8;
export const DEFAULT_POLL_MS = 250;

interface Consumer {
  listener: ScreenListener;
  interval: () => number;
  acceptsBusyPace: () => boolean;
  onError: ((error: unknown) => void) | undefined;
  styles: boolean;
  passedLines: number;
  /** The first read (by number) this consumer may hear: one started after it subscribed. */
  from: number;
  settleReady: () => void;
  /** A last-read screen on its way to this consumer alone (refresh with nothing changed). */
  cancelCached: (() => void) | undefined;
}

interface Observed {
  paneId: string;
  consumers: Set<Consumer>;
  /** The last screen read, while no change has been reported since that read started. */
  latest: ScreenSnapshot | undefined;
  /** Whether `latest` was read with styles. */
  latestStyled: boolean;
  /** A change was reported since the last read started (or nothing was read yet). */
  changed: boolean;
  reading: boolean;
  /** Reads started so far. */
  reads: number;
  lastReadAt: number;
  /** The last change notification; and when the current run of changes began (no pause of `busyGapMs` since). */
  lastChangeAt: number;
  changingSince: number;
  timer: { at: number; cancel: () => void } | undefined;
  /** How many lines above the screen the next read asks for (consumers that want the lines passed). */
  scroll: ScrollEstimate;
}

/**
 * The one reader of pane screens in core. Consumers (health, prompts, mirrors, output followers)
 * subscribe per pane, reference-counted; the backend says *that* a screen changed (`pane.output`, like
 * iTerm2's screen-update notification) and the observer reads *what* it shows once for all of them,
 * a few ms after the change (one read for a burst of notifications), throttled per pane (trailing
 * edge: the last change is always read), one read in flight and one more
 * after it when output arrived meanwhile. A pane that keeps printing is read at the slower busy pace
 * when every consumer accepts it, and its last change as soon as it pauses (`ScreenPace`). Polls only
 * for a backend without notifications. A consumer that throws does not stop the others.
 */
export class ScreenObserver {
  private readonly observed = new Map<string, Observed>();
  private readonly defaultInterval: number;
  private readonly settleMs: number;
  private readonly pace: ScreenPace;
  private readonly notified: boolean;
  private readonly stops: (() => void)[] = [];
  private closed = false;

  constructor(private readonly deps: ScreenObserverDeps) {
    this.defaultInterval = deps.intervalMs ?? DEFAULT_OBSERVE_INTERVAL_MS;
    this.settleMs = deps.settleMs ?? DEFAULT_SETTLE_MS;
    this.pace = { ...DEFAULT_SCREEN_PACE, ...deps.pace };
    this.notified = deps.backend.notifiesScreenChanges !== false;
    this.stops.push(deps.backend.onEvent((event) => this.onBackendEvent(event)));
    if (!this.notified) this.poll(deps.pollMs ?? DEFAULT_POLL_MS);
  }

  observe(paneId: string, listener: ScreenListener, options: ObserveOptions = {}): ScreenSubscription {
    const entry = this.observed.get(paneId) ?? this.open(paneId);
    const given = options.intervalMs;
    const accepts = options.acceptsBusyPace;
    let settleReady!: () => void;
    const ready = new Promise<void>((resolve) => (settleReady = resolve));
    const consumer: Consumer = {
      listener,
      interval: typeof given === 'function' ? given : () => given ?? this.defaultInterval,
      acceptsBusyPace: typeof accepts === 'function' ? accepts : () => accepts === true,
      onError: options.onError,
      styles: options.styles === true,
      passedLines: Math.max(0, Math.floor(options.passedLines ?? 0)),
      from: entry.reads + 1,
      settleReady,
      cancelCached: undefined,
    };
    entry.consumers.add(consumer);
    this.current(entry, consumer, true);
    return {
      ready,
      refresh: () => {
        if (entry.consumers.has(consumer)) this.current(entry, consumer, false);
      },
      stop: () => this.leave(entry, consumer),
    };
  }

  /** How many consumers observe the pane (0: it is not read at all). */
  consumersOf(paneId: string): number {
    return this.observed.get(paneId)?.consumers.size ?? 0;
  }

  close(): void {
    this.closed = true;
    this.stops.splice(0).forEach((stop) => stop());
    for (const entry of this.observed.values()) {
      entry.timer?.cancel();
      for (const consumer of entry.consumers) {
        consumer.cancelCached?.();
        consumer.settleReady();
      }
    }
    this.observed.clear();
  }

  private open(paneId: string): Observed {
    const entry: Observed = {
      paneId,
      consumers: new Set(),
      latest: undefined,
      latestStyled: false,
      changed: true,
      reading: false,
      reads: 0,
      lastReadAt: -Infinity,
      lastChangeAt: -Infinity,
      changingSince: -Infinity,
      timer: undefined,
      scroll: new ScrollEstimate(),
    };
    this.observed.set(paneId, entry);
    return entry;
  }

  private leave(entry: Observed, consumer: Consumer): void {
    if (!entry.consumers.delete(consumer)) return;
    consumer.cancelCached?.();
    consumer.settleReady();
    if (entry.consumers.size > 0 || this.observed.get(entry.paneId) !== entry) return;
    entry.timer?.cancel();
    this.observed.delete(entry.paneId);
  }

  /** Gives the consumer the screen as it is now: the last read when nothing changed since, else a read (at once for a newcomer). */
  private current(entry: Observed, consumer: Consumer, newcomer: boolean): void {
    if (
      entry.latest &&
      !entry.changed &&
      !entry.reading &&
      this.notified &&
      (entry.latestStyled || !consumer.styles)
    ) {
      const screen = entry.latest;
      consumer.cancelCached?.();
      // After the current task: whoever subscribed or asked hears back from its own call first.
      let cancelled = false;
      consumer.cancelCached = () => void (cancelled = true);
      queueMicrotask(() => {
        if (cancelled) return;
        consumer.cancelCached = undefined;
        if (entry.consumers.has(consumer)) this.deliver(entry, consumer, screen);
      });
      return;
    }
    this.schedule(entry, newcomer);
  }

  private onBackendEvent(event: BackendEvent): void {
    if (this.closed) return;
    if (event.type === 'pane.output') {
      const entry = this.observed.get(event.paneId);
      if (!entry) return;
      const now = this.deps.clock.now();
      if (now - entry.lastChangeAt >= this.pace.busyGapMs) entry.changingSince = now;
      entry.lastChangeAt = now;
      entry.changed = true;
      // A read already planned is never later than this change needs: it looks again when due.
      if (!entry.timer) this.schedule(entry, false);
    } else if (event.type === 'pane.closed') {
      const entry = this.observed.get(event.paneId);
      if (!entry) return;
      entry.timer?.cancel();
      entry.timer = undefined;
      entry.latest = undefined;
    } else if (event.type === 'backend.reconnected') {
      // Changes of the gap were never reported: every observed screen is read again.
      for (const entry of this.observed.values()) {
        entry.changed = true;
        entry.latest = undefined;
        entry.scroll.reset();
        this.schedule(entry, true);
      }
    } else if (event.type === 'layout.changed') {
      // A pane may have been resized: its next read is of the screen alone (its rows as they are now).
      for (const entry of this.observed.values()) entry.scroll.reset();
    }
  }

  /**
   * Reads the pane now for a consumer that has no screen yet; after a change, once it settled
   * (`settleMs`) and the throttle window has passed (trailing edge: the last change is always read).
   */
  private schedule(entry: Observed, urgent: boolean, settle = true): void {
    if (this.closed || entry.reading || entry.consumers.size === 0) return;
    const now = this.deps.clock.now();
    const at = urgent ? now : this.readAt(entry, now, settle);
    if (entry.timer && entry.timer.at <= at) return;
    entry.timer?.cancel();
    const start = () => {
      entry.timer = undefined;
      // A busy pane's quiet read was planned before the changes that came since: it waits for their pause
      // (never past the busy pace; settling is not asked again, or a flood of changes would starve the reads).
      const now = this.deps.clock.now();
      if (!urgent && this.readAt(entry, now, false) > now) return this.schedule(entry, false, false);
      void this.read(entry);
    };
    if (at > now) {
      entry.timer = { at, cancel: this.deps.clock.setTimeout(start, at - now) };
      return;
    }
    // Due now: after the current task, so consumers subscribing together share the read.
    let cancelled = false;
    queueMicrotask(() => cancelled || start());
    entry.timer = { at, cancel: () => void (cancelled = true) };
  }

  /**
   * When the pane's next read is due: the interval after the last read, at least `settleMs` after the last
   * change. A busy pane whose consumers all accept it goes at the busy pace, but is read once its last
   * change has been left alone for `quietMs`.
   */
  private readAt(entry: Observed, now: number, settle: boolean): number {
    const settled = settle ? entry.lastChangeAt + this.settleMs : now;
    const interval = this.intervalOf(entry);
    if (!this.busy(entry, now) || this.pace.busyIntervalMs <= interval)
      return Math.max(settled, entry.lastReadAt + interval);
    const grid = this.pace.busyGridMs;
    const due = entry.lastReadAt + this.pace.busyIntervalMs;
    const paced = grid > 0 ? Math.ceil(due / grid) * grid : due;
    return Math.max(settled, Math.min(paced, entry.lastChangeAt + this.pace.quietMs));
  }

  /** The shortest interval any consumer asks for. */
  private intervalOf(entry: Observed): number {
    let interval = Infinity;
    for (const consumer of entry.consumers) interval = Math.min(interval, consumer.interval());
    return interval;
  }

  /** The pane prints without pause and every consumer accepts the busy pace. */
  private busy(entry: Observed, now: number): boolean {
    if (
      !this.notified ||
      entry.lastChangeAt - entry.changingSince < this.pace.busyAfterMs ||
      now - entry.lastChangeAt >= this.pace.busyGapMs
    )
      return false;
    for (const consumer of entry.consumers) if (!consumer.acceptsBusyPace()) return false;
    return true;
  }

  /** A busy pane read at the busy pace while its output still flows (not its quiet read after a pause). */
  private patient(entry: Observed, now: number): boolean {
    return (
      this.pace.patientBusyReads && now - entry.lastChangeAt < this.pace.quietMs && this.busy(entry, now)
    );
  }

  private async read(entry: Observed): Promise<void> {
    if (this.closed || this.observed.get(entry.paneId) !== entry || entry.consumers.size === 0) return;
    const now = this.deps.clock.now();
    const patient = this.patient(entry, now);
    entry.reading = true;
    entry.changed = false;
    const number = ++entry.reads;
    entry.lastReadAt = now;
    try {
      const styles = [...entry.consumers].some((c) => c.styles);
      const rows = entry.scroll.rows;
      const above = entry.scroll.toAsk(now, Math.max(0, ...[...entry.consumers].map((c) => c.passedLines)));
      const asked = above
        ? { styles, patient, scrollback: above, rows }
        : styles || patient
          ? { styles, patient }
          : undefined;
      const read = await this.deps.backend.readScreen(entry.paneId, asked);
      if (this.closed) return;
      const screen = above ? screenPart(read, rows!) : read;
      entry.scroll.heard(screen, now, this.deps.clock.now());
      entry.latest = entry.changed ? undefined : screen;
      entry.latestStyled = styles;
      for (const consumer of [...entry.consumers])
        if (consumer.from <= number && entry.consumers.has(consumer))
          this.deliver(entry, consumer, screen, above && consumer.passedLines ? read : undefined);
    } catch (error) {
      entry.latest = undefined;
      for (const consumer of [...entry.consumers]) {
        if (consumer.from > number) continue;
        consumer.settleReady();
        this.guard(entry, () => consumer.onError?.(error));
      }
    } finally {
      entry.reading = false;
      // Output arrived during the read, or someone subscribed meanwhile and has not heard a screen yet.
      const waiting = [...entry.consumers].some((c) => c.from > number);
      if (!this.closed && (entry.changed || waiting)) this.schedule(entry, waiting && !entry.changed);
    }
  }

  private deliver(entry: Observed, consumer: Consumer, screen: ScreenSnapshot, read?: ScreenSnapshot): void {
    consumer.settleReady();
    this.guard(entry, () => (read ? consumer.listener(screen, read) : consumer.listener(screen)));
  }

  private guard(entry: Observed, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.deps.onListenerError?.(error, entry.paneId);
    }
  }

  private poll(everyMs: number): void {
    const tick = () => {
      if (this.closed) return;
      for (const entry of this.observed.values()) {
        entry.changed = true;
        this.schedule(entry, false, false);
      }
      cancel = this.deps.clock.setTimeout(tick, everyMs);
    };
    let cancel = this.deps.clock.setTimeout(tick, everyMs);
    this.stops.push(() => cancel());
  }
}
