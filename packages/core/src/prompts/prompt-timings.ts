/** How the prompt service paces its readings, judgements and key presses (defaults below; tests shorten them). */
export interface PromptTimings {
  /** CLIs ignore keys pressed right after they draw a dialog: wait until it has been on screen this long. */
  settleMs: number;
  /** A prompt missing from the screen this long (two reads apart) was answered in the terminal. */
  goneAfterMs: number;
  /**
   * The same for a line-oriented `[y/N]` question: a program that asks again and again (a flapping prompt)
   * keeps one item while it re-asks within this time; the episode ends when it stays away this long.
   */
  typedGoneAfterMs: number;
  /** A re-layout resizes panes and CLIs redraw their dialogs, slowly on a busy machine: not judged gone this soon after one. */
  relayoutGraceMs: number;
  /**
   * After pressing keys, how long the prompt may stay on screen before the answer is reported unconfirmed (the
   * person is alerted). The keys are never pressed again: a starved CLI reads them late, and a second press would
   * land on whatever it shows next.
   */
  confirmTimeoutMs: number;
  /** How soon after a change the screen is wanted (the observer's interval) while a prompt is watched. */
  readIntervalMs: number;
  /** A hook said "permission prompt" but nothing readable showed up this long: raise the item from the hook. */
  hookFallbackMs: number;
  /**
   * A decision on an item known only from a hook waits this long for its dialog to be readable; if it never is,
   * nothing is pressed (the keys' meaning depends on the dialog: "No" is first in Claude Code's unnumbered one).
   */
  readableWaitMs: number;
  /** Pause between keys, so a TUI reads each as its own keypress. */
  keyGapMs: number;
  /** How long a permission item stays in the queue; on expiry the pane is left alone. */
  expiresInMs: number;
}

export const DEFAULT_PROMPT_TIMINGS: PromptTimings = {
  settleMs: 1000,
  goneAfterMs: 600,
  typedGoneAfterMs: 5000,
  relayoutGraceMs: 5000,
  confirmTimeoutMs: 7500,
  readIntervalMs: 150,
  hookFallbackMs: 2500,
  readableWaitMs: 3000,
  keyGapMs: 80,
  expiresInMs: 24 * 3_600_000,
};
