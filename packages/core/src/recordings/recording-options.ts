import { MAX_BUNDLE_BYTES } from '@switchboard/protocol';

/** How recordings are taken and bounded (sizes in bytes, times in ms). */
export interface RecordingOptions {
  /** Record every managed pane (default true). */
  enabled: boolean;
  /**
   * How soon after a change the recorder wants the screen (ms). Every consumer hears every read, so a pane
   * health reads often (a state just changed: every 50 ms) is recorded as often; this is the slowest.
   * The default is health's own pace for a busy pane, so recording adds no reads of its own there.
   */
  intervalMs: number;
  /** Record colours and attributes (the pane is then read with styles; costs more per read). */
  styles: boolean;
  /** A chunk is compressed and written once its frames reach this many bytes of JSON… */
  chunkBytes: number;
  /** …or this long after its first frame, whichever comes first (a crash loses at most this + `indexMs`). */
  flushMs: number;
  /** Compressed bytes kept per agent and in all; beyond either, the oldest chunks are dropped. */
  maxBytesPerAgent: number;
  maxBytesTotal: number;
  /**
   * Written chunks, each with the lines that appeared on screen while it was open, reach the index in batches
   * this often (a search or an export brings in first the waiting ones and the lines of chunks still open); a
   * crash can lose up to `flushMs` + this of recording, frames and lines alike. Batches of
   * 5 s cost 20–45 % less CPU than of 1 s for the same lines (bench/recording-parts), ~0.3 % of a core at 100
   * printing agents: not worth a crash losing 10 s instead of 6, so 1 s.
   */
  indexMs: number;
  /**
   * Lines that scrolled past between two reads (in and out of the screen unseen) are read back from the
   * scrollback, at most this many per frame (where the backend numbers its lines: iTerm2, the embedded server);
   * 0 turns it off. Beyond it, the frame counts what it skipped.
   */
  catchUpLines: number;
  /**
   * Every read-back asks for all `catchUpLines` (the way before session 14), instead of the missed lines and a
   * margin; kept so bench/host-cpu can measure both in one run. Default false.
   */
  catchUpReadsBound?: boolean;
  /** A fleet bundle (`recording.bundle`) stops at this many bytes uncompressed (at most `MAX_BUNDLE_BYTES`, 8 MiB). */
  bundleBytes: number;
}

export const DEFAULT_RECORDING_OPTIONS: RecordingOptions = {
  enabled: true,
  intervalMs: 250,
  styles: false,
  chunkBytes: 64 * 1024,
  flushMs: 5_000,
  maxBytesPerAgent: 64 * 1024 * 1024,
  maxBytesTotal: 1024 * 1024 * 1024,
  indexMs: 1_000,
  catchUpLines: 1_000,
  bundleBytes: MAX_BUNDLE_BYTES,
};

/** A segment file takes an agent's chunks up to this size… */
const MAX_SEGMENT_BYTES = 1024 * 1024;

/**
 * …or a sixteenth of the agent's bound, if less: the bounds drop a segment's bytes when its last chunk
 * goes, so an agent's oldest segment is what it can hold beyond the chunks still kept.
 */
export const segmentBytesOf = (options: RecordingOptions): number =>
  Math.max(1, Math.min(MAX_SEGMENT_BYTES, Math.floor(options.maxBytesPerAgent / 16)));
