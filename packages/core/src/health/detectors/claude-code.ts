import { RULE_LINE, numberedChoices, onScreen, ruleDetector, type ScreenView } from './screen-detector';

/**
 * Claude Code (observed with 2.1.328, fixtures in test/fixtures/screens/claude): permission and
 * question dialogs with numbered choices, the spinner line and "esc to interrupt" while a turn runs,
 * the `❯` input box between two rules when idle, "API Error" after a failed turn.
 */
export const claudeCodeDetector = ruleDetector('claude', [
  {
    state: 'waiting_for_input',
    detail: 'permission prompt',
    test: onScreen(/Do you want to (proceed|make this edit|create|allow|use this API key)/i),
  },
  {
    state: 'waiting_for_input',
    detail: 'trust dialog',
    test: onScreen(/Do you trust the files in this folder|Is this a project you (created|trust)/i),
  },
  {
    state: 'waiting_for_input',
    detail: 'numbered choices',
    test: (view) => numberedChoices(view, /^\s*[│|]?\s*❯\s*1\.\s+\S/),
  },
  {
    state: 'waiting_for_input',
    detail: 'press enter to continue',
    test: onScreen(/Press Enter to continue/i),
  },
  { state: 'working', detail: 'esc to interrupt', test: onScreen(/esc to interrupt/i) },
  { state: 'working', detail: 'spinner', test: onScreen(/^\s*[·✢✳✶✻✽*]\s+\S[^\n]*…\s*\(/m) },
  { state: 'error', detail: 'API error after the last prompt', test: (view) => lastTurnFailed(view) },
  { state: 'idle', detail: 'input box', test: (view) => inputBoxTop(view) >= 0 },
  { state: 'starting', detail: 'banner without input box', test: onScreen(/Claude Code v\d/) },
]);

const ERROR =
  /API Error|Invalid API key|Please run \/login|Credit balance is too low|Request timed out|Connection error|Unable to connect to API/i;

/** Index of the rule line above the `❯` input line, or -1. */
function inputBoxTop(view: ScreenView): number {
  const { lines } = view;
  for (let i = lines.length - 1; i >= 1; i--) {
    if (
      /^\s*❯(\s|$)/.test(lines[i]!) &&
      RULE_LINE.test(lines[i - 1]!) &&
      lines.slice(i + 1, i + 4).some((l) => RULE_LINE.test(l))
    )
      return i - 1;
  }
  return -1;
}

/** The transcript between the last user prompt and the input box mentions an API failure. */
function lastTurnFailed(view: ScreenView): boolean {
  const top = inputBoxTop(view);
  if (top < 0) return false;
  let start = top - 1;
  while (start >= 0 && !/^\s*[❯>]\s+\S/.test(view.lines[start]!)) start--;
  return view.lines.slice(Math.max(0, start + 1), top).some((line) => ERROR.test(line));
}
