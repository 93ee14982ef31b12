import type { Agent, RecordedFrame, SwitchboardEvent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { freshLines, freshLinesAfterScroll } from '../panes/fresh-lines';
import { redactSecrets } from '../secrets/redact';
import type { ScreenObserver, ScreenSubscription } from '../panes/screen-observer';
import { logicalLines, redactLines, redactScreen, takenScreen, type RedactedScreen } from './redact-screen';
import type { RecordingOptions } from './recording-options';
import type { ChunkRow, IndexedLine, RecordingRepository } from './recording-repository';
import { HeardBatch } from './heard-batch';
import { LineBuffer } from './line-buffer';
import { addToRow, emptyRow, takeRow, type OpenRow } from './open-row';
import { framePlan } from './scroll-frame';
import { joinReads } from '../panes/passed-lines';
import { CatchUpBudget, newestWithin, readBackOf, restoredLines, rowsRestored } from './scrolled-past';
import { linesScrolled, splitCatchUp, unseenBetween } from './scrolled-past';
import type { Gap } from './scrolled-past';

/** A screen heard; the read whole when it carried lines above the screen (or the reads since the last frame did). */
type Heard = { screen: ScreenSnapshot; at: number; read: ScreenSnapshot | undefined };

interface Track {
  agentId: string;
  paneId: string;
  subscription: ScreenSubscription;
  /** The last recorded screen as read (`raw`) and as recorded (`redacted`); undefined until the first. */
  previous: RedactedScreen | undefined;
  /** The open chunk: frames as JSON lines, not yet written. */
  chunk: LineBuffer;
  /** The open chunk's new lines, indexed with the chunk (one row per agent per chunk: `open-row.ts`). */
  row: OpenRow;
  startedMs: number;
  endedMs: number;
  flushTimer: (() => void) | undefined;
  /** When the last frame was taken (the pace), -Infinity before the first. */
  lastTakenMs: number;
  /** A screen heard sooner than `intervalMs` after the last frame: taken when the interval is over. */
  waiting: Heard | undefined;
  waitTimer: (() => void) | undefined;
  /** A read with scrollback is on its way (lines scrolled past unseen): screens heard meanwhile wait. */
  catchingUp: boolean;
  /** When the last read with scrollback was recorded (screens read before it may still arrive after it). */
  caughtUpAt: number;
  catchUps: CatchUpBudget;
}

export interface RecorderDeps {
  bus: EventBus;
  clock: Clock;
  observer: ScreenObserver;
  repository: RecordingRepository;
  options: RecordingOptions;
  agents: () => readonly Agent[];
  /** Reads a pane with scrollback, for lines that scrolled past between two reads (none: they are not recorded). */
  readScreen?: TerminalBackend['readScreen'];
  /** A write failed (disk full, folder gone); recording goes on with the next chunk. */
  onError?: (error: unknown, agentId: string) => void;
}

/**
 * Records every managed pane's screens as the screen observer reads them: each frame redacted, as the
 * rows that changed since the one before (the first of each chunk is full, so every chunk stands
 * alone), gathered into chunks that are compressed and written beside the database; the lines that
 * appeared go to the search index in batches. After each chunk the bounds are applied, oldest first.
 */
export class Recorder {
  private readonly tracks = new Map<string, Track>();
  /** Rows of lines waiting for the next index batch: each of a chunk written (or of a reader's `indexPending`). */
  private pendingLines: IndexedLine[] = [];
  /** Chunks written to their files, indexed with the next batch. */
  private pendingChunks: Omit<ChunkRow, 'id'>[] = [];
  private indexTimer: (() => void) | undefined;
  /**
   * Agents no longer followed (their pane closed or their process exited), each with its open chunk, its tail:
   * written with the next index batch, not in the exit's turn — a fleet's exits come together, and a chunk's
   * write (compress, create the segment file, append) was the largest part of an exit's handling in the host
   * (docs/performance.md, session 18). A reader writes them first (`indexPending`); a crash loses no more than
   * before (a chunk counts once indexed).
   */
  private readonly tails = new Map<string, Track>();
  private readonly stop: () => void;
  /** Screens heard, taken into frames together (`heard-batch.ts`); every reader takes them first. */
  private readonly heard: HeardBatch;

  constructor(private readonly deps: RecorderDeps) {
    this.heard = new HeardBatch((e, id) => deps.onError?.(e, id));
    this.stop = deps.bus.subscribe((event) => this.onEvent(event));
    for (const agent of deps.agents()) this.follow(agent);
  }

  /** The frames not yet written for the agent (the open chunk, with a screen waiting for its turn), oldest first. */
  openFrames(agentId: string): RecordedFrame[] {
    this.heard.take();
    const track = this.tracks.get(agentId);
    if (track) this.takeWaiting(track);
    const text = track?.chunk.text();
    return text ? text.split('\n').map((line) => JSON.parse(line) as RecordedFrame) : [];
  }

  /** Per agent with frames not yet written: the open chunk's first and last frame time. */
  openSpans(): Map<string, { from: number; to: number }> {
    this.heard.take();
    for (const track of this.tracks.values()) this.takeWaiting(track);
    return new Map(
      [...this.tracks.values()]
        .filter((track) => track.chunk.count > 0)
        .map((track) => [track.agentId, { from: track.startedMs, to: track.endedMs }]),
    );
  }

  /** Indexes what is waiting for the next batch now (written chunks, new lines), so a reader sees it all. */
  indexPending(): void {
    this.heard.take();
    for (const track of this.tracks.values()) this.takeWaiting(track);
    // The open chunks' lines go in now (a row of lines a reader has seen indexed; the chunk's next lines start
    // a new one). A crash loses them with the chunk's frames, no more than before (`flushMs` + `indexMs`).
    for (const track of this.tracks.values()) this.takeRow(track);
    this.indexNow();
  }

  close(): void {
    this.stop();
    for (const agentId of [...this.tracks.keys()]) this.unfollow(agentId);
    this.indexNow();
    this.deps.repository.closeSegment();
  }

  private onEvent(event: SwitchboardEvent): void {
    if (event.type === 'agent.spawned') this.follow(event.agent);
    else if (event.type === 'agent.closed') this.unfollow(event.agentId);
    else if (
      event.type === 'agent.updated' &&
      this.tracks.get(event.agent.id)?.paneId !== (event.agent.paneId ?? undefined)
    ) {
      this.unfollow(event.agent.id);
      this.follow(event.agent);
    }
  }

  private follow(agent: Agent): void {
    if (!agent.paneId || this.tracks.has(agent.id)) return;
    // Its last pane's tail first: an agent's chunks stay in order, each segment closed before the next opens.
    this.writeTail(agent.id);
    const track: Track = {
      agentId: agent.id,
      paneId: agent.paneId,
      subscription: undefined!,
      previous: undefined,
      chunk: new LineBuffer(),
      row: emptyRow(),
      startedMs: 0,
      endedMs: 0,
      flushTimer: undefined,
      lastTakenMs: -Infinity,
      waiting: undefined,
      waitTimer: undefined,
      catchingUp: false,
      caughtUpAt: -Infinity,
      catchUps: new CatchUpBudget(this.deps.clock.now()),
    };
    this.tracks.set(agent.id, track);
    try {
      // Now, not with the first chunk: that chunk is often the tail written as the agent's process exits.
      this.deps.repository.prepareFolder(agent.id);
    } catch (error) {
      // The first chunk tries again (and reports it if it fails too).
      this.deps.onError?.(error, agent.id);
    }
    const { options } = this.deps;
    const listener = (screen: ScreenSnapshot, read?: ScreenSnapshot) => {
      const at = this.deps.clock.now();
      this.heard.add(agent.id, () => this.hear(track, at, screen, read));
    };
    track.subscription = this.deps.observer.observe(agent.paneId, listener, {
      intervalMs: options.intervalMs,
      // A pane that keeps printing is recorded at the observer's busy pace, and its pause at once.
      acceptsBusyPace: true,
      styles: options.styles,
      // The lines that scroll past between two reads come with the next read, up to 100 (a flood: read back).
      passedLines: options.catchUpReadsBound ? 0 : Math.min(options.catchUpLines, 100),
    });
  }

  private unfollow(agentId: string): void {
    const track = this.tracks.get(agentId);
    if (!track) return;
    track.subscription.stop();
    this.heard.take();
    this.takeWaiting(track, false);
    this.tracks.delete(agentId);
    track.flushTimer?.();
    track.flushTimer = undefined;
    if (track.chunk.count === 0) {
      this.deps.repository.closeSegment(agentId);
      return;
    }
    this.tails.set(agentId, track);
    this.indexTimer ??= this.deps.clock.setTimeout(() => this.indexNow(), this.deps.options.indexMs);
  }

  /** Writes the agent's tail, if one waits, and closes its segment. */
  private writeTail(agentId: string): void {
    const track = this.tails.get(agentId);
    if (!track) return;
    this.tails.delete(agentId);
    this.flush(track);
    this.deps.repository.closeSegment(agentId);
  }

  /**
   * Other consumers may have the pane read far more often than the recorder asks (health every 50 ms
   * after a change, a mirror 30 times a second): it takes at most one screen per `intervalMs`, the
   * last one heard in each interval (trailing edge: the screen a burst ends on is always recorded).
   */
  private hear(track: Track, at: number, screen: ScreenSnapshot, read?: ScreenSnapshot): void {
    if (this.tracks.get(track.agentId) !== track || this.olderThanCaughtUp(track, screen)) return;
    const now = this.deps.clock.now();
    const due = track.lastTakenMs + this.deps.options.intervalMs;
    if (at >= due && !track.waiting && !track.catchingUp) return this.take(track, { screen, at, read });
    // A waiting screen replaced: the lines its read carried are kept, joined with this read's.
    const joined = track.waiting && joinReads(track.waiting.read ?? track.waiting.screen, read ?? screen);
    track.waiting = { screen, at, read: joined ?? read };
    track.waitTimer ??= this.deps.clock.setTimeout(() => this.takeWaiting(track), Math.max(0, due - now));
  }

  /** Records a screen with the lines scrolled past since the last frame: from its read, or read back, or skipped. */
  private take(track: Track, { screen, at, read }: Heard, catchUp = true): void {
    const missed = unseenBetween(track.previous?.raw, screen);
    const reaches = missed && read?.firstLine !== undefined && read.firstLine <= missed.first;
    if (missed && !reaches && catchUp && this.catchUp(track, screen)) return;
    if (!missed || !read) return this.recordAsIs(track, screen, at);
    const { screen: split, ...gap } = splitCatchUp(read, screen.lines.length, track.previous?.raw);
    this.record(track, split, at, gap);
  }

  /** Lines scrolled past unread: reads them back (within the budget) and records that read's screen and lines. */
  private catchUp(track: Track, screen: ScreenSnapshot): boolean {
    const missed = unseenBetween(track.previous?.raw, screen);
    const { readScreen, options } = this.deps;
    if (!missed || !readScreen || options.catchUpLines <= 0) return false;
    if (!track.catchUps.take(this.deps.clock.now())) return false;
    track.catchingUp = true;
    const askedAt = this.deps.clock.now();
    track.lastTakenMs = askedAt;
    const rows = screen.lines.length;
    // A read that came back shorter than the screen (the flood outran the lines asked for): the screen heard,
    // its missed lines counted as skipped.
    readBackOf(readScreen, track.paneId, missed, rows, options).then(
      (read) => this.caughtUp(track, read.lines.length >= rows ? read : screen, rows, askedAt),
      () => this.caughtUp(track, screen, rows, askedAt),
    );
    return true;
  }

  /** The read is timed when it was asked for (what it shows is from then, not from when it answered). */
  private caughtUp(track: Track, read: ScreenSnapshot, rows: number, askedAt: number): void {
    track.catchingUp = false;
    if (this.tracks.get(track.agentId) !== track) return;
    const { screen, ...gap } = splitCatchUp(read, rows, track.previous?.raw);
    this.record(track, screen, askedAt, gap);
    track.caughtUpAt = this.deps.clock.now();
    // A screen heard while the read was on its way, older than it, is not recorded after it.
    if (track.waiting && this.olderThanCaughtUp(track, track.waiting.screen)) track.waiting = undefined;
    // A wait timer that fired meanwhile found the read on its way and left the screen waiting: its turn now.
    track.waitTimer?.();
    track.waitTimer = track.waiting
      ? this.deps.clock.setTimeout(() => this.takeWaiting(track), this.deps.options.intervalMs)
      : undefined;
  }

  /**
   * The waiting screen, now, or once lines that scrolled past before it are read back (a reader then sees
   * it on its next look; no gap is recorded as seen). Closing (`catchUp` false) records it as it is.
   */
  private takeWaiting(track: Track, catchUp = true): void {
    if (track.catchingUp) return;
    track.waitTimer?.();
    track.waitTimer = undefined;
    const waiting = track.waiting;
    track.waiting = undefined;
    if (!waiting || this.tracks.get(track.agentId) !== track) return;
    this.take(track, waiting, catchUp);
  }

  /**
   * The screen an observer's read, begun before the last read with scrollback and heard after it, shows: the
   * cursor further up the numbered lines than the recorded one (within a second of it; a restarted pane
   * numbers from 0 again later).
   */
  private olderThanCaughtUp(track: Track, screen: ScreenSnapshot): boolean {
    const last = track.previous?.raw;
    if (last?.firstLine === undefined || screen.firstLine === undefined) return false;
    if (this.deps.clock.now() - track.caughtUpAt > 1_000) return false;
    return screen.firstLine + screen.cursor.y < last.firstLine + last.cursor.y;
  }

  /** A screen recorded without reading back what scrolled past before it: the frame counts those lines. */
  private recordAsIs(track: Track, screen: ScreenSnapshot, at: number): void {
    const skipped = unseenBetween(track.previous?.raw, screen)?.count ?? 0;
    this.record(track, screen, at, { passed: [], skipped });
  }

  private record(track: Track, screen: ScreenSnapshot, at: number, { passed, skipped, continued }: Gap) {
    // Paced by when the screen was heard if it was due then (a batch takes it a moment later: `heard-batch.ts`).
    const due = track.lastTakenMs + this.deps.options.intervalMs;
    track.lastTakenMs = Math.min(this.deps.clock.now(), Math.max(at, due));
    // Frame times rise strictly per agent, whatever order the reads answered in: a replay plays them in
    // order, and a drop "until" a chunk's last frame never reaches the first frame of the chunk after it.
    at = Math.max(at, track.endedMs + 1);
    // A frame holds at most a chunk's worth of passed lines (a chunk stays within its size and the bounds).
    const kept = newestWithin(passed, this.deps.options.chunkBytes);
    skipped += passed.length - kept.length;
    const passedRedacted = redactLines(kept);
    const raw = takenScreen(screen, this.deps.options.styles);
    // Only the lines that changed since the last frame are redacted (a line with a changed row, whole).
    const redacted = redactScreen(raw, redactSecrets, track.previous);
    const previous = track.previous?.redacted;
    // The first frame of a chunk is full, so a chunk can be read (and its older neighbours dropped) on its own;
    // a screen that scrolled is told as the scroll and its new rows.
    const plan = framePlan(track.chunk.count === 0 ? undefined : previous, redacted);
    if (!plan && !passed.length && !skipped) {
      track.previous = { raw, redacted }; // the same screen, maybe numbered further on
      return;
    }
    // Lines scrolled past since the last frame: nothing of it is still on screen.
    const gap = passed.length > 0 || skipped > 0;
    const logical = logicalLines(redacted);
    // The last frame's logical lines are made again, not kept with it: kept a second, a wrapped pane's joined lines
    // outlived scavenges and were promoted (the embedded leg's GC 2.5-6 -> 12-24 ms/s, session 19).
    const seen = previous && !gap ? logicalLines(previous).lines : logical.lines.slice(0, continued ? 1 : 0);
    // Rows back from the scrollback (the pane grew taller) were recorded before: not fresh again.
    const restored = gap ? 0 : rowsRestored(track.previous?.raw, raw);
    const lines = restored
      ? freshLines([...seen, ...restoredLines(redacted, restored)], logical)
      : freshLinesAfterScroll(seen, logical, linesScrolled(track.previous?.raw, raw, plan));
    track.previous = { raw, redacted };
    if (track.chunk.count === 0) {
      track.startedMs = at;
      track.flushTimer = this.deps.clock.setTimeout(() => this.flush(track), this.deps.options.flushMs);
    }
    // Its JSON line goes into the chunk's buffer as bytes, written from its parts (`frame-json.ts`).
    track.chunk.pushFrame({ at, plan, screen: redacted, passed: passedRedacted, skipped, restored });
    track.endedMs = at;
    if (lines.length + passedRedacted.length > 0)
      addToRow(track.row, at, passedRedacted.length ? [...passedRedacted, ...lines] : lines);
    if (track.chunk.bytes >= this.deps.options.chunkBytes) this.flush(track);
  }

  private flush(track: Track): void {
    track.flushTimer?.();
    track.flushTimer = undefined;
    if (track.chunk.count === 0) return;
    // The chunk's row goes to the index with it; the agent's next lines start a new row: a row never spans two
    // chunks, so dropping a chunk (and the rows up to its end) takes none of the lines of the chunk after it.
    this.takeRow(track);
    try {
      this.pendingChunks.push(
        this.deps.repository.writeChunk(
          track.agentId,
          track.chunk.contents(),
          track.chunk.count,
          track.startedMs,
          track.endedMs,
        ),
      );
      this.indexTimer ??= this.deps.clock.setTimeout(() => this.indexNow(), this.deps.options.indexMs);
    } catch (error) {
      this.deps.onError?.(error, track.agentId);
    } finally {
      // The buffer is reused by the next chunk; a chunk whose write failed is lost, the next starts afresh.
      track.chunk.clear();
    }
  }

  private takeRow(track: Track): void {
    const row = takeRow(track.agentId, track.row);
    if (row) this.pendingLines.push(row);
  }

  private indexNow(): void {
    // Before the timer is cleared: a tail's chunk finds it set and sets no other.
    for (const agentId of [...this.tails.keys()]) this.writeTail(agentId);
    this.indexTimer?.();
    this.indexTimer = undefined;
    const lines = this.pendingLines;
    const chunks = this.pendingChunks;
    this.pendingLines = [];
    this.pendingChunks = [];
    try {
      this.deps.repository.index(chunks, lines);
      const { maxBytesPerAgent, maxBytesTotal } = this.deps.options;
      for (const agentId of new Set(chunks.map((chunk) => chunk.agent_id)))
        this.deps.repository.enforceBounds(agentId, maxBytesPerAgent, maxBytesTotal);
    } catch (error) {
      this.deps.onError?.(error, chunks[0]?.agent_id ?? lines[0]?.agentId ?? '');
    }
  }
}
