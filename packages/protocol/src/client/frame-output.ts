// Recorded frames as a terminal stream, for whatever plays a recording in a terminal (the asciicast export,
// the UI's replay): scrolls as line feeds, so a player's scrollback fills as the live terminal's did.
import type { RecordedFrame } from '../commands/recordings';
import { fullFrameOf, type RecordedScreen } from './recorded-screen';
import { printable, styledRow } from './terminal-output';

/**
 * Terminal output that takes a terminal showing the previous frame to this one: a scroll as line feeds at the
 * bottom row (the terminal moves its rows up itself), rows rewritten in place, then the cursor.
 */
export function frameOutput(frame: RecordedFrame): string {
  let out = frame.full ? '\x1b[0m\x1b[H\x1b[2J' : '';
  if (!frame.full && frame.scrolled) out += `\x1b[0m\x1b[${frame.rows};1H${'\n'.repeat(frame.scrolled)}`;
  for (const change of frame.changes)
    out += `\x1b[${change.row + 1};1H\x1b[2K${styledRow(change.text, change.styles)}`;
  return `${out}\x1b[${frame.cursor.y + 1};${frame.cursor.x + 1}H`;
}

/**
 * Lines that scrolled past before a frame, as a terminal would have shown them: printed at the bottom row
 * (autowrap on, as a terminal prints) so the screen before them and they themselves scroll up into the
 * scrollback, then scrolled out.
 */
export function scrolledPastOutput(passed: readonly string[], height: number): string {
  const lines = passed.map((line) => `\r\n${printable(line)}`).join('');
  return `\x1b[0m\x1b[?7h\x1b[${height};1H${lines}${'\r\n'.repeat(height)}`;
}

/**
 * A frame as it plays after the one before it in a terminal `height` rows high: as `frameOutput`, or, after
 * lines that scrolled past between two reads, those lines and then its screen (`screen`: the one it leads to)
 * drawn whole.
 */
export function frameStreamOutput(frame: RecordedFrame, screen: RecordedScreen, height: number): string {
  if (!frame.passed?.length) return frameOutput(frame);
  return scrolledPastOutput(frame.passed, height) + frameOutput(fullFrameOf(screen, frame.at));
}
