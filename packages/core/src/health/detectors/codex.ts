import { numberedChoices, onScreen, ruleDetector } from './screen-detector';

/**
 * Codex CLI. Codex is not installed here, so these patterns and the fixtures they are tested on are
 * hand-written from Codex's TUI as documented and seen in user reports (marked in each fixture).
 */
export const codexDetector = ruleDetector('codex', [
  {
    state: 'waiting_for_input',
    detail: 'approval prompt',
    test: onScreen(
      /Would you like to (run the following command|make the following edits|allow)|Allow command\?/i,
    ),
  },
  {
    state: 'waiting_for_input',
    detail: 'numbered choices',
    test: (view) => numberedChoices(view, /^\s*[│|▌]?\s*[›>]\s*1\.\s+\S/),
  },
  {
    state: 'waiting_for_input',
    detail: 'sign-in screen',
    test: onScreen(/Sign in with ChatGPT|Provide your own API key/i),
  },
  { state: 'working', detail: 'esc to interrupt', test: onScreen(/esc to interrupt/i) },
  {
    state: 'error',
    detail: 'error line',
    test: onScreen(/^\s*■\s+\S|stream error|unexpected status \d{3}/m),
  },
  { state: 'idle', detail: 'composer', test: onScreen(/⏎ send|\? for shortcuts|context left/i) },
  { state: 'starting', detail: 'banner', test: onScreen(/OpenAI Codex/) },
]);
