import type { AgentState } from '@switchboard/protocol';
import { lineBeforeCursor } from '../../panes/line-before-cursor';
import type { ScreenSnapshot } from '../../ports/terminal-backend';

/** What a detector read from a screen: a state and the pattern that decided it. */
export interface ScreenVerdict {
  state: AgentState;
  /** The pattern that matched, for people ("permission prompt", "esc to interrupt"). */
  detail: string;
}

/**
 * A per-CLI screen detector: a small pure function over one screen snapshot. `undefined` means no
 * pattern it knows is on screen; it never guesses.
 */
export interface ScreenDetector {
  readonly name: string;
  detect(screen: ScreenSnapshot): ScreenVerdict | undefined;
}

/** A rule: the first rule whose test matches decides. */
export interface ScreenRule {
  state: AgentState;
  detail: string;
  test: (view: ScreenView) => boolean;
}

/** A screen prepared once for the rules: trimmed lines, the bottom region, the cursor line. */
export interface ScreenView {
  lines: string[];
  /** The last `BOTTOM_LINES` lines joined with newlines (TUIs draw their state at the bottom). */
  bottom: string;
  cursorLine: string;
  /** Text left of the cursor on its line, with the rows it soft-wrapped from (a question in a narrow pane). */
  beforeCursor: string;
}

const BOTTOM_LINES = 40;

export function viewOf(screen: ScreenSnapshot): ScreenView {
  const lines = screen.lines.map((line) => line.replace(/\s+$/, ''));
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;
  const visible = lines.slice(0, Math.max(end, Math.min(lines.length, screen.cursor.y + 1)));
  return {
    lines: visible,
    bottom: visible.slice(-BOTTOM_LINES).join('\n'),
    cursorLine: lines[screen.cursor.y] ?? '',
    beforeCursor: lineBeforeCursor(screen),
  };
}

/** A detector from an ordered rule list. */
export function ruleDetector(name: string, rules: readonly ScreenRule[]): ScreenDetector {
  return {
    name,
    detect(screen) {
      const view = viewOf(screen);
      for (const rule of rules) if (rule.test(view)) return { state: rule.state, detail: rule.detail };
      return undefined;
    },
  };
}

/** True when `pattern` matches anywhere in the bottom region. */
export const onScreen = (pattern: RegExp) => (view: ScreenView) => pattern.test(view.bottom);

/** A horizontal rule as TUIs draw input boxes. */
export const RULE_LINE = /^[\s]*[─━]{10,}[\s]*$/;

/** A numbered choice list: a selected first option and a second option below it. */
export function numberedChoices(view: ScreenView, selector: RegExp): boolean {
  const lines = view.bottom.split('\n');
  const first = lines.findIndex((line) => selector.test(line));
  if (first < 0) return false;
  return lines.slice(first + 1, first + 8).some((line) => /^\s*[│|]?\s*2\.\s+\S/.test(line));
}
