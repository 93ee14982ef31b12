import { z } from 'zod';
import { Id } from '../model/ids';
import { defineEvent } from './define';

/** One screen row that changed (0 = the top row). */
export const ScreenRow = z.object({ row: z.number().int().nonnegative(), text: z.string() });
export type ScreenRow = z.infer<typeof ScreenRow>;

export const mirrorEvents = [
  /**
   * A mirrored pane's screen changed. `frame` counts up by one per pane; a full frame (`full`) lists
   * every row and stands alone, any other lists only the rows that changed since frame - 1. Plain text,
   * like pane.read (no colours). Delivered only to connections that called pane.mirror for the pane, so
   * it takes no sequence number of its own: `sequence` is that of the last fact before it (a client's
   * gap check never fires on someone else's frames, and its reducer treats a frame as already seen).
   */
  defineEvent('pane.screen', {
    paneId: z.string(),
    agentId: Id.nullable(),
    frame: z.number().int().positive(),
    full: z.boolean(),
    rows: z.number().int().nonnegative(),
    changes: z.array(ScreenRow),
    cursor: z.object({ x: z.number().int(), y: z.number().int() }).nullable(),
  }),
] as const;
