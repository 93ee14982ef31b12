import { z } from 'zod';
import { Id } from '../model/ids';
import { defineEvent } from './define';

/** A terminal colour: an index into the 256-colour palette (0–15 are the theme's ANSI colours) or 24-bit `#rrggbb`. */
export const TerminalColor = z.union([z.number().int().min(0).max(255), z.string().regex(/^#[0-9a-f]{6}$/)]);
export type TerminalColor = z.infer<typeof TerminalColor>;

/** The most style runs one row carries; a row styled more finely keeps its text, the rest of it unstyled. */
export const MAX_STYLE_RUNS = 512;

/** A style run's attributes (each `true` or absent), in one list for every backend that reads styles. */
export const SCREEN_STYLE_FLAGS = [
  'bold',
  'faint',
  'italic',
  'underline',
  'strikethrough',
  'inverse',
  'invisible',
  'blink',
] as const;

/**
 * How a stretch of a row looks: `length` code points of the row's text (runs follow each other from the
 * row's first character; text after the last run has the default look). Absent fields are the default
 * (the terminal's own colours, no attribute).
 */
export const ScreenStyleRun = z.object({
  length: z.number().int().positive(),
  fg: TerminalColor.optional(),
  bg: TerminalColor.optional(),
  bold: z.literal(true).optional(),
  faint: z.literal(true).optional(),
  italic: z.literal(true).optional(),
  underline: z.literal(true).optional(),
  strikethrough: z.literal(true).optional(),
  inverse: z.literal(true).optional(),
  invisible: z.literal(true).optional(),
  blink: z.literal(true).optional(),
});
export type ScreenStyleRun = z.infer<typeof ScreenStyleRun>;

/** One screen row that changed (0 = the top row); `styles` when the row is not all in the default look and the backend reports styles. */
export const ScreenRow = z.object({
  row: z.number().int().nonnegative(),
  text: z.string(),
  styles: z.array(ScreenStyleRun).max(MAX_STYLE_RUNS).optional(),
});
export type ScreenRow = z.infer<typeof ScreenRow>;

export const mirrorEvents = [
  /**
   * A mirrored pane's screen changed. `frame` counts up by one per pane; a full frame (`full`) lists
   * every row and stands alone, any other lists only the rows that changed (text or look) since
   * frame - 1. Rows carry their colours and attributes where the backend reports them (iTerm2 and the
   * embedded server do); `columns` is the pane's width in cells when the backend knows it. Delivered
   * only to connections that called pane.mirror for the pane, so it takes no sequence number of its
   * own: `sequence` is that of the last fact before it (a client's gap check never fires on someone
   * else's frames, and its reducer treats a frame as already seen).
   */
  defineEvent('pane.screen', {
    paneId: z.string(),
    agentId: Id.nullable(),
    frame: z.number().int().positive(),
    full: z.boolean(),
    rows: z.number().int().nonnegative(),
    columns: z.number().int().positive().max(10_000).optional(),
    changes: z.array(ScreenRow),
    cursor: z.object({ x: z.number().int(), y: z.number().int() }).nullable(),
  }),
] as const;
