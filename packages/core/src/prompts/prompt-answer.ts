import type { KeyName } from '../ports/terminal-backend';
import type { ScreenPrompt } from './screen-prompt';

/** What to type into a pane to pick one option of a prompt: text (typed prompts), then keys. */
export interface PlannedAnswer {
  text: string;
  keys: KeyName[];
}

/**
 * Which option a decision means: a named choice, else for approve the first option that is not the "no" one
 * (Claude Code's auto-mode dialog lists `No` first), for deny the "no" option.
 */
export type Pick = { index: number } | { approve: true } | { deny: true };

export function pickOf(choices: readonly string[], verdict: 'approve' | 'deny', choice: string | null): Pick {
  const named = choice === null ? -1 : choices.indexOf(choice);
  if (named >= 0) return { index: named };
  return verdict === 'approve' ? { approve: true } : { deny: true };
}

/**
 * The keys that pick an option of the prompt now on screen. A select list is walked with the arrow
 * keys from the option the cursor is on, then Enter (a digit alone selects without confirming in
 * Claude Code 2.1.328); denying a list without a "no" option presses Escape. A typed prompt gets its
 * answer and Enter.
 */
export function planAnswer(prompt: ScreenPrompt, pick: Pick): PlannedAnswer {
  const index =
    'deny' in pick ? prompt.denyIndex : 'approve' in pick ? (prompt.denyIndex === 0 ? 1 : 0) : pick.index;
  if (prompt.style === 'typed') {
    const label = prompt.choices[index ?? 1]?.label ?? 'n';
    return { text: label, keys: ['enter'] };
  }
  if (index === undefined || index >= prompt.choices.length) return { text: '', keys: ['escape'] };
  const at = Math.max(
    0,
    prompt.choices.findIndex((c) => c.selected),
  );
  const step: KeyName = index > at ? 'down' : 'up';
  return { text: '', keys: [...Array<KeyName>(Math.abs(index - at)).fill(step), 'enter'] };
}
