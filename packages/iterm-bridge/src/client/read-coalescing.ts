import { connect, type NetConnectOpts, type Socket } from 'node:net';
import type WebSocket from 'ws';
import type { ReceivedFrame } from './answers';

/**
 * How long the client leaves frames in the socket after handling one, when no answer is awaited (ms).
 * A printing fleet sends thousands of screen updates a second (2,000/s at 200 panes), each its own small
 * write: read one by one, every frame is a wake-up of the process (the event loop, a read, the stream's
 * callbacks: tens of µs each, most of what hearing a screen update costs). Leaving them for a moment reads
 * all that came meanwhile at once. A frame that comes alone is read at once, and an awaited answer is
 * never held back (`release` before every request); only a frame that follows another within the window
 * waits, at most this long.
 */
export const DEFAULT_COALESCE_MS = 20;

/**
 * Reading pauses only once frames come fast: this many handled within the last `RATE_SPAN_MS` (~80-160 a second).
 * A few frames in a row are not traffic to batch but, most often, one event told in several (an exit: the screen
 * update of the typed `exit`, the session's end, the layout change): paused after the first, each waited for the
 * window in turn — a lone exit's state came ~40 ms after the keystroke with a 20 ms window, 2-5 ms without it
 * (session 20). A printing fleet (thousands of frames a second) is paused as before.
 */
export const BUSY_FRAMES = 8;
const RATE_SPAN_MS = 50;

/**
 * ...and only once they have kept coming fast this long: a burst that ends sooner is read as it comes. 100 agents
 * exiting at once send ~500 frames over ~50-300 ms (each exit's echo, prompt mark, session end, listings); paused,
 * the exits read after a pause waited up to the window each: 1-39 ms more at p99 than a client reading every frame
 * on the same server and burst (session 21, docs/performance.md). A printing fleet's traffic lasts seconds: it pauses after this much of
 * it, as before.
 */
export const SUSTAINED_MS = 300;

/*
 * Only screen updates are traffic, and reading never pauses within `RATE_SPAN_MS` of another notification (an event:
 * a process's end, a prompt mark, a layout change). A printing fleet's thousands of frames a second are screen
 * updates; an event is a state signal told in several frames (an exit: the echo, the command's mark, the session's
 * end twice, the layout change), read as they come. Counting every notification, 100 exits typed one after another
 * (five frames each, a few ms apart, for a second or more) were sustained traffic: the exits after the first 300 ms
 * each waited for the window (session 22, docs/performance.md).
 */

/**
 * The connection `ws` opens, with a one-byte read buffer: a paused socket then stops reading from the
 * kernel at once, instead of filling Node's 16 KB buffer (at 2,000 small frames a second, a pause of a
 * few ms would not stop a single read). Flowing, the buffer size changes nothing.
 */
export function unbufferedConnection(options: NetConnectOpts & { socketPath?: string }): Socket {
  // `net.Socket` hands its options to `stream.Duplex`, which takes `readableHighWaterMark` (not in the
  // connect options' type). As `ws`'s own connector: a unix socket's path comes as `socketPath`.
  const duplex = { readableHighWaterMark: 1 };
  return connect({
    ...options,
    ...(options.socketPath !== undefined ? { path: options.socketPath } : {}),
    ...duplex,
  } as NetConnectOpts);
}

/**
 * Pauses reading for `windowMs` after a handled screen update while nothing is awaited, no event has just come and
 * screen updates have come fast (`BUSY_FRAMES`) for `SUSTAINED_MS`, so frames that come back to back are read in one
 * go; resumes at once when a request goes out. `windowMs` 0: every frame at once.
 */
export class ReadCoalescing {
  private timer: NodeJS.Timeout | undefined;
  /** Times reading was paused (tests, benches). */
  pauses = 0;
  /** Frames handled in the current span of `RATE_SPAN_MS` (from `spanStart`) and in the span before it. */
  private spanStart = -Infinity;
  private inSpan = 0;
  private inSpanBefore = 0;
  /** When frames began to come fast (undefined: they do not now). */
  private busySince: number | undefined;
  /** When reading last resumed after a pause: the frames read then start a new count without meaning traffic stopped. */
  private resumedAt = -Infinity;
  /** When the last notification that is not a screen update (an event) was handled. */
  private eventAt = -Infinity;

  /** `now`: when a frame was handled (ms); tests give the times frames were sent, so a starved run sees the same rate. */
  constructor(
    private readonly socket: WebSocket,
    private readonly windowMs: number,
    private readonly awaiting: () => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A frame was handled: a screen update, unless an answer is awaited, an event came within `RATE_SPAN_MS` or screen
   * updates have not come fast for `SUSTAINED_MS`, has the next frames read together, `windowMs` from now.
   */
  afterFrame(frame: ReceivedFrame): void {
    // An answer to a request of ours is not traffic to batch: the host's own screen reads and badge writes (~100
    // answers a second with 100 idle agents) kept it "busy" for good, and a burst of exits after them was paused at once.
    if (this.windowMs <= 0 || frame === 'other') return;
    const now = this.now();
    if (frame === 'event') {
      this.eventAt = now;
      return;
    }
    if (now - this.spanStart >= RATE_SPAN_MS) {
      const lapsed = now - this.spanStart >= 2 * RATE_SPAN_MS;
      // Traffic stopped when the spans that ended held few frames (a read right after a pause does not say so).
      if ((lapsed || this.inSpan + this.inSpanBefore < BUSY_FRAMES) && now - this.resumedAt >= RATE_SPAN_MS)
        this.busySince = undefined;
      this.inSpanBefore = lapsed ? 0 : this.inSpan;
      this.inSpan = 0;
      this.spanStart = now;
    }
    this.inSpan++;
    if (this.inSpan + this.inSpanBefore < BUSY_FRAMES) return;
    this.busySince ??= now;
    if (this.timer !== undefined || this.awaiting() || now - this.busySince < SUSTAINED_MS) return;
    if (now - this.eventAt < RATE_SPAN_MS) return;
    this.pauses++;
    this.socket.pause();
    this.timer = setTimeout(() => this.release(), this.windowMs);
  }

  /** Reads on now (a request is going out: its answer, and whatever came before it, is read as it comes). */
  release(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.resumedAt = this.now();
    this.socket.resume();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
