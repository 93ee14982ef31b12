import { z } from 'zod';
import { ScreenRow } from '../events/mirror';
import { AgentRef, Id, IsoTime, Timestamp } from '../model/ids';
import { defineCommand } from './define';

/**
 * One recorded screen: at `at` (ms since the epoch), the rows that changed since the frame before it in
 * the same recording, or every row (`full`: the first frame, a frame after a resize, the first of each
 * stored chunk). Text is redacted before it is recorded. A frame of a screen that scrolled says by how
 * many rows (`scrolled`): the previous screen's rows move up by that many (the top ones leave, blank rows
 * enter at the bottom) before `changes` apply, so printing a line costs a row, not the whole screen.
 * Frames recorded before `scrolled` existed have no such field and read as before.
 */
export const RecordedFrame = z.object({
  at: z.number().int().nonnegative(),
  full: z.boolean(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().positive().max(10_000).optional(),
  /** Not full: the rows moved up by this many before the changes apply. */
  scrolled: z.number().int().positive().max(10_000).optional(),
  changes: z.array(ScreenRow),
  cursor: z.object({ x: z.number().int(), y: z.number().int() }),
  /** The screen's rows (all of them, not only the changed) that soft-wrap onto the next, where the backend reports it. */
  wrapped: z.array(z.number().int().nonnegative()).optional(),
  /**
   * Lines that scrolled past between the frame before and this one without ever being on a read screen
   * (read back from the scrollback, redacted, soft-wrapped rows joined), oldest first; replay shows screens,
   * a transcript and the search index have these too.
   */
  passed: z.array(z.string().max(100_000)).max(100_000).optional(),
  /** Lines that scrolled past unseen and could no longer be read back (lost from the scrollback, or beyond the bound). */
  skipped: z.number().int().positive().optional(),
  /**
   * The screen's first rows that came back from the scrollback (the pane grew taller and the lines above its
   * screen moved down into it): recorded before, when they were on a screen or scrolled past; a transcript and the
   * search index do not take them as new. Frames recorded before `restored` existed have no such field.
   */
  restored: z.number().int().positive().max(10_000).optional(),
});
export type RecordedFrame = z.infer<typeof RecordedFrame>;

/** What is kept of one agent's recording, and what its bounds dropped (oldest first). */
export const RecordingSummary = z.object({
  agentId: Id,
  /** The first and last kept frame (null: nothing kept). */
  from: Timestamp.nullable(),
  to: Timestamp.nullable(),
  /** Compressed bytes on disk, and how many stored chunks hold them. */
  bytes: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  /** Frames up to this time were dropped by the bounds (oldest first); null: nothing was dropped. */
  droppedUntil: Timestamp.nullable(),
  droppedBytes: z.number().int().nonnegative(),
});
export type RecordingSummary = z.infer<typeof RecordingSummary>;

/** What happened in the fleet to a recorded agent, for the replay's timeline. */
export const TimelineKind = z.enum([
  'message.out',
  'message.in',
  'approval.asked',
  'approval.decided',
  'state',
  'lock.acquired',
  'lock.released',
  'recovery',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineEvent = z.object({
  /** ms since the epoch, as a recording frame's `at`. */
  at: z.number().int().nonnegative(),
  agentId: Id,
  kind: TimelineKind,
  /** One line for the timeline (message bodies and summaries as stored: redacted), at most 160 characters. */
  summary: z.string().max(160),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const ExportFormat = z.enum(['text', 'asciicast']);
export type ExportFormat = z.infer<typeof ExportFormat>;

const range = {
  from: IsoTime.optional().describe('ISO time; default: the oldest kept frame'),
  to: IsoTime.optional().describe('ISO time; default: now'),
};

export const recordingCommands = {
  'recording.list': defineCommand({
    description:
      'What is recorded of each agent (or one): the time span kept, its size on disk, and what the bounds dropped.',
    input: z.strictObject({ agent: AgentRef.optional() }),
    output: z.object({
      /** Whether the host records panes now (off: `SWITCHBOARD_RECORDINGS=off` or the host's option; what was kept stays readable). */
      enabled: z.boolean(),
      recordings: z.array(RecordingSummary),
      totalBytes: z.number().int().nonnegative(),
      limits: z.object({
        perAgentBytes: z.number().int().positive(),
        totalBytes: z.number().int().positive(),
      }),
    }),
    callers: ['human'],
  }),
  'recording.frames': defineCommand({
    description:
      "An agent's recorded screens in a time range, oldest first; the first one is full (it stands alone).",
    input: z.strictObject({
      agent: AgentRef,
      ...range,
      limit: z.number().int().min(1).max(5_000).default(1_000),
    }),
    output: z.object({
      agentId: Id,
      frames: z.array(RecordedFrame),
      /** More frames follow in the range: ask again from the last one's time + 1. */
      more: z.boolean(),
      droppedUntil: Timestamp.nullable(),
      /**
       * Stored chunks in the range whose frames could not be read back (a file removed or damaged on disk), oldest
       * first: their frames are missing between `from` and `to`. Absent when every chunk read.
       */
      unreadable: z.array(z.object({ from: Timestamp, to: Timestamp })).optional(),
    }),
    callers: ['human'],
  }),
  'recording.timeline': defineCommand({
    description:
      "The fleet's events for recorded agents in a time range, oldest first: messages out and in, approvals asked and decided, state changes, locks, recovery steps.",
    input: z.strictObject({
      agents: z.array(AgentRef).min(1).max(4),
      ...range,
      limit: z.number().int().min(1).max(5_000).default(2_000),
    }),
    output: z.object({
      events: z.array(TimelineEvent),
      /** More events in the range than `limit`: the oldest `limit` were given. */
      more: z.boolean(),
    }),
    callers: ['human'],
  }),
  'recording.export': defineCommand({
    description:
      'An agent\'s recording as a transcript: `text` (each line once, with its time) or `asciicast` (asciinema\'s v2 format: a header line, then [seconds, "o", data] lines).',
    input: z.strictObject({ agent: AgentRef, format: ExportFormat.default('text'), ...range }),
    output: z.object({
      agentId: Id,
      format: ExportFormat,
      fileName: z.string(),
      content: z.string(),
      /** The range held more than an export carries (16 MiB): the content stops early. */
      truncated: z.boolean(),
    }),
    callers: ['human'],
  }),
} as const;
