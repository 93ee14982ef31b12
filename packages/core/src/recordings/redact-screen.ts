import { redactSecrets } from '../secrets/redact';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/**
 * The screen with every secret redacted, as recordings keep it. A line the terminal soft-wrapped over
 * several rows (`wraps`, where the backend reports it) is redacted as one, so a token broken at the
 * pane's edge is still found; the redacted text is laid back over the same rows (the last takes the
 * rest), and a row whose text changed loses its styles (their lengths no longer fit).
 */
export function redactScreen(
  screen: ScreenSnapshot,
  redact: (text: string) => string = redactSecrets,
): ScreenSnapshot {
  let lines: string[] | undefined;
  let styles = screen.styles;
  let start = 0;
  for (let row = 0; row < screen.lines.length; row++) {
    if (screen.wraps?.[row] && row < screen.lines.length - 1) continue;
    const group = screen.lines.slice(start, row + 1);
    const joined = group.join('');
    const redacted = redact(joined);
    if (redacted !== joined) {
      lines ??= [...screen.lines];
      if (styles) styles = [...styles];
      let offset = 0;
      group.forEach((text, i) => {
        const last = i === group.length - 1;
        lines![start + i] = last ? redacted.slice(offset) : redacted.slice(offset, offset + text.length);
        offset += text.length;
        if (styles) styles[start + i] = [];
      });
    }
    start = row + 1;
  }
  if (!lines) return screen;
  return { ...screen, lines, ...(styles ? { styles } : {}) };
}

/**
 * A redactor that remembers the last screen's lines: output that scrolls shows mostly lines redacted one
 * read ago. Call `nextScreen()` after each screen so only that screen's lines are kept.
 */
export function rememberingRedactor(): { redact: (text: string) => string; nextScreen: () => void } {
  let previous = new Map<string, string>();
  let current = new Map<string, string>();
  return {
    redact(text) {
      let redacted = current.get(text) ?? previous.get(text);
      if (redacted === undefined) redacted = redactSecrets(text);
      current.set(text, redacted);
      return redacted;
    },
    nextScreen() {
      previous = current;
      current = new Map();
    },
  };
}

/**
 * The screen with soft-wrapped rows joined into the lines a program printed (where the backend reports
 * wrapping), the cursor on the line that holds it: what the search index keeps, so a word broken at the
 * pane's edge is still one word.
 */
export function logicalLines(screen: ScreenSnapshot): { lines: string[]; cursor: { x: number; y: number } } {
  if (!screen.wraps?.some(Boolean)) return { lines: screen.lines, cursor: screen.cursor };
  const lines: string[] = [];
  let cursorY = 0;
  let current = '';
  screen.lines.forEach((text, row) => {
    current += text;
    if (row === screen.cursor.y) cursorY = lines.length;
    if (!screen.wraps?.[row] || row === screen.lines.length - 1) {
      lines.push(current);
      current = '';
    }
  });
  return { lines, cursor: { x: screen.cursor.x, y: cursorY } };
}
