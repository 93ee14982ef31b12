import type { ReadScreenOptions, ScreenSnapshot } from '@switchboard/core';
import type { ITerm2Api } from './client/operations';
import { LineContents_Continuation } from './gen/api_pb';
import { styleRunsOf } from './line-styles';

/**
 * A pane's screen, with `scrollback` lines of history above it when asked: the screen alone, or the buffer's
 * last lines in one request (`trailing_lines`), so the history and the screen are of one instant even while
 * the pane floods (two requests, a range taken from the line counts and then read, could miss the screen).
 * Lines are numbered as iTerm2 numbers them (`firstLine`: lines lost from the head of the history count).
 */
export async function readScreenOf(
  api: ITerm2Api,
  paneId: string,
  options: ReadScreenOptions,
  columns: number | undefined,
): Promise<ScreenSnapshot> {
  const scrollback = Math.max(0, Math.floor(options.scrollback ?? 0));
  const styled = options.styles === true;
  // A paced read nobody waits on at once: its answer may wait for the client's read coalescing.
  const call = options.patient === true ? { patient: true } : undefined;
  let response;
  if (scrollback === 0) {
    response = await api.getBuffer(paneId, { screen: true }, styled, call);
  } else {
    // Not capped by the history counted now: lines that arrive before the read are history by then. The screen's
    // rows as the caller knows them spare a round trip (the recorder's read-backs: two requests each before).
    const told = options.rows;
    const grid =
      told !== undefined && Number.isInteger(told) && told > 0 ? told : (await api.lineInfo(paneId)).grid;
    response = await api.getBuffer(paneId, { trailing: scrollback + grid }, styled, call);
  }
  const lines = response.contents.map((l) => l.text);
  const start = response.windowedCoordRange?.coordRange?.start?.y;
  const cursorLine = response.cursor ? Number(response.cursor.y) : undefined;
  const y = cursorLine !== undefined && start !== undefined ? cursorLine - Number(start) : lines.length - 1;
  const wraps = response.contents.map((l) => l.continuation === LineContents_Continuation.SOFT_EOL);
  return {
    lines,
    wraps,
    cursor: { x: response.cursor?.x ?? 0, y: Math.max(0, Math.min(y, lines.length - 1)) },
    ...(styled ? { styles: response.contents.map(styleRunsOf) } : {}),
    ...(columns ? { columns } : {}),
    ...(start !== undefined ? { firstLine: Number(start) } : {}),
  };
}
