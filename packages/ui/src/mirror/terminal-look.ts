/** The mirror's look, shared by the live mirror and the replay: the same palette in light and dark, on the terminal's own dark background. */
export const MIRROR_THEME = { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3' };

/** What xterm.js is given for every mirror of a pane, live or replayed. */
export const MIRROR_TERMINAL_LOOK = {
  cursorBlink: false,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  scrollback: 0,
  theme: MIRROR_THEME,
  // WCAG AA for every colour a program picks: xterm.js lightens a foreground too close to its background.
  minimumContrastRatio: 4.5,
} as const;
