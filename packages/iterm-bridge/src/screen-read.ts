import type { ReadScreenOptions, ScreenSnapshot } from '@switchboard/core';
import type { ScreenStyleRun } from '@switchboard/protocol';
import { bufferLinesOf, type BufferLines } from './client/buffer-lines-frame';
import type { CallOptions } from './client/client';
import type { LineSelection } from './client/operation-args';
import type { ITerm2Api } from './client/operations';
import { styleRunsOf } from './line-styles';

/** What the backend knows of a pane without asking: its width, and its height as last heard (`rows`). */
export interface PaneSize {
  columns: number | undefined;
  rows(): number | undefined;
}

/**
 * A pane's screen, with `scrollback` lines of history above it when asked: the screen alone, or the buffer's
 * last lines in one request (`trailing_lines`), so the history and the screen are of one instant even while
 * the pane floods (two requests, a range taken from the line counts and then read, could miss the screen).
 * Lines are numbered as iTerm2 numbers them (`firstLine`: lines lost from the head of the history count).
 *
 * A read with scrollback reports the screen's rows as the backend last heard them when the answer came (the
 * pane's `rows` variable, which iTerm2 sets at every resize and notifies before answering a later read; its
 * GetBuffer answer says nothing of where the screen starts), so a pane resized without a layout change splits
 * right. It asks for that many rows below the history; before the pane's size is heard, the rows the caller told,
 * else the grid's (a round trip of its own). A pane that grew while the read was on its way is read again.
 */
export async function readScreenOf(
  api: ITerm2Api,
  paneId: string,
  options: ReadScreenOptions,
  size: PaneSize,
): Promise<ScreenSnapshot> {
  const scrollback = Math.max(0, Math.floor(options.scrollback ?? 0));
  const styled = options.styles === true;
  // A paced read nobody waits on at once: its answer may wait for the client's read coalescing.
  const call = options.patient === true ? { patient: true } : undefined;
  let response: ScreenRead;
  let rows: number;
  if (scrollback === 0) {
    response = await read(api, paneId, { screen: true }, styled, call);
    rows = response.lines.length;
  } else {
    // Not capped by the history counted now: lines that arrive before the read are history by then.
    const told = options.rows !== undefined && Number.isInteger(options.rows) && options.rows > 0;
    let grid = size.rows() ?? (told ? options.rows! : (await api.lineInfo(paneId)).grid);
    response = await read(api, paneId, { trailing: scrollback + grid }, styled, call);
    rows = size.rows() ?? grid;
    if (rows > grid && response.lines.length === scrollback + grid) {
      grid = rows;
      response = await read(api, paneId, { trailing: scrollback + grid }, styled, call);
      rows = size.rows() ?? grid;
    }
  }
  const { lines, wraps, cursor, firstLine: start } = response;
  const y = cursor !== undefined && start !== undefined ? cursor.y - start : lines.length - 1;
  return {
    lines,
    wraps,
    cursor: { x: cursor?.x ?? 0, y: Math.max(0, Math.min(y, lines.length - 1)) },
    ...(response.styles ? { styles: response.styles } : {}),
    ...(size.columns ? { columns: size.columns } : {}),
    rows: Math.min(rows, lines.length),
    ...(start !== undefined ? { firstLine: start } : {}),
  };
}

type ScreenRead = BufferLines & { styles?: ScreenStyleRun[][] };

/** The lines alone (read straight from the answer's bytes), or with styles the general decoder's response. */
async function read(
  api: ITerm2Api,
  paneId: string,
  selection: LineSelection,
  styled: boolean,
  call: CallOptions | undefined,
): Promise<ScreenRead> {
  if (!styled) return api.readLines(paneId, selection, call);
  const response = await api.getBuffer(paneId, selection, true, call);
  return { ...bufferLinesOf(response), styles: response.contents.map(styleRunsOf) };
}
