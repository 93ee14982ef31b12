import { ruleDetector } from './screen-detector';

/**
 * A plain shell or any line-oriented program: the cursor line decides. A shell prompt at the cursor
 * is idle; a question or a password/confirmation prompt at the cursor is waiting for input. A
 * running program's output is "working" by output recency, not by the screen.
 */
export const shellDetector = ruleDetector('shell', [
  {
    state: 'waiting_for_input',
    detail: 'confirmation at the cursor',
    test: (view) => /(\[y\/n\]|\(y\/n\)|\[yes\/no\]|\(yes\/no\))\s*[:?]?\s*$/i.test(view.beforeCursor),
  },
  {
    state: 'waiting_for_input',
    detail: 'password prompt at the cursor',
    test: (view) => /(password|passphrase|passcode)[^\n]*:\s*$/i.test(view.beforeCursor),
  },
  {
    state: 'idle',
    detail: 'shell prompt at the cursor',
    test: (view) => /(^|\S)[$#%❯]\s?$|^>\s?$/.test(view.beforeCursor),
  },
  {
    state: 'waiting_for_input',
    detail: 'question at the cursor',
    test: (view) => /\S.*[?:]\s*$/.test(view.beforeCursor),
  },
]);
