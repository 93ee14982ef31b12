import type { ReadScreenOptions, ScreenSnapshot } from '@switchboard/core';
import type { ScreenStyleRun } from '@switchboard/protocol';
import { parseStyledLine } from './sgr-styles';

/** Runs one tmux command on the server (the control client's FIFO). */
type Run = (command: string) => Promise<string[]>;

/**
 * A pane's screen (plus the scrollback asked for) with `capture-pane`; the cursor and history size with
 * `display-message`. With `styles`, `capture-pane -e` (the cells' SGR colours and attributes), read into
 * the contract's style runs per line, as the iTerm2 backend reports them.
 */
export async function captureScreen(
  run: Run,
  paneId: string,
  options: ReadScreenOptions = {},
): Promise<ScreenSnapshot> {
  const [info] = await run(
    `display-message -p -t ${paneId} "#{cursor_x}\t#{cursor_y}\t#{history_size}\t#{pane_height}\t#{pane_width}"`,
  );
  const [x, y, history, height, width] = (info ?? '').split('\t').map(Number);
  const above = Math.min(options.scrollback ?? 0, history ?? 0);
  const captured = await run(
    `capture-pane -p${options.styles ? ' -e' : ''} -t ${paneId}${above > 0 ? ` -S -${above}` : ''}`,
  );
  const wanted = above + (height ?? captured.length);
  while (captured.length < wanted) captured.push('');
  const rows = captured.slice(0, wanted);
  const snapshot: ScreenSnapshot = {
    lines: rows,
    cursor: { x: x ?? 0, y: above + (y ?? 0) },
    rows: wanted - above,
  };
  if (width) snapshot.columns = width;
  if (!options.styles) return snapshot;
  const styles: ScreenStyleRun[][] = [];
  snapshot.lines = rows.map((row) => {
    const { text, runs } = parseStyledLine(row);
    styles.push(runs);
    return text;
  });
  snapshot.styles = styles;
  return snapshot;
}
