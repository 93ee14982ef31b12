import { numberedChoices, onScreen, ruleDetector } from './screen-detector';

/**
 * Gemini CLI. Not installed here: patterns and fixtures are hand-written from Gemini CLI's TUI as
 * documented and seen in user reports (marked in each fixture).
 */
export const geminiCliDetector = ruleDetector('gemini', [
  {
    state: 'waiting_for_input',
    detail: 'confirmation prompt',
    test: onScreen(
      /Allow execution|Apply this change\?|Waiting for user confirmation|Do you want to proceed\?/i,
    ),
  },
  {
    state: 'waiting_for_input',
    detail: 'numbered choices',
    test: (view) => numberedChoices(view, /^\s*[│|]?\s*●\s*1\.\s+\S/),
  },
  {
    state: 'waiting_for_input',
    detail: 'auth dialog',
    test: onScreen(/How would you like to authenticate|Get started/i),
  },
  { state: 'working', detail: 'esc to cancel', test: onScreen(/\(esc to cancel/i) },
  { state: 'error', detail: 'error line', test: onScreen(/^\s*[│|]?\s*✕\s+\S|\[API Error/m) },
  { state: 'idle', detail: 'input box', test: onScreen(/Type your message or @path/i) },
  { state: 'starting', detail: 'banner', test: onScreen(/Gemini CLI|GEMINI\.md/i) },
]);
