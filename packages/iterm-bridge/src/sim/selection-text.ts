import { SelectionMode, type Selection } from '../gen/api_pb';
import type { SimSession } from './session';

/**
 * The text a selection covers, as iTerm2 puts it in the session's `selection` variable: each
 * sub-selection's lines (absolute line numbers) joined by newlines, clipped to the windowed
 * column range when one is given; BOX and WHOLE_LINE modes take the column window / whole lines.
 * Sub-selections marked `connected` continue the previous one without a newline.
 */
export function selectionText(session: SimSession, selection: Selection): string {
  const { overflow } = session.numbering;
  const buffer = session.term.buffer.active;
  let text = '';
  selection.subSelections.forEach((sub, index) => {
    const range = sub.windowedCoordRange?.coordRange;
    if (!range?.start || !range.end) return;
    const columns = sub.windowedCoordRange?.columns;
    const left = Number(columns?.location ?? 0n);
    const right = columns && columns.length > 0n ? left + Number(columns.length) : session.cols;
    const whole = sub.selectionMode === SelectionMode.WHOLE_LINE || sub.selectionMode === SelectionMode.LINE;
    const box = sub.selectionMode === SelectionMode.BOX;
    const lines: string[] = [];
    const first = Number(range.start.y);
    const last = Number(range.end.y);
    for (let y = first; y <= last; y++) {
      const line = buffer.getLine(y - overflow);
      if (!line) continue;
      const start = !whole && (box || y === first) ? Math.max(left, range.start.x) : left;
      const end = !whole && (box || y === last) ? Math.min(right, range.end.x) : right;
      lines.push(line.translateToString(true, start, Math.max(start, end)));
    }
    if (index > 0 && !sub.connected) text += '\n';
    text += lines.join('\n');
  });
  return text;
}
