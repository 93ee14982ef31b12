export const MIN_FONT_SIZE = 7;
/** The largest a fitted font gets where the mirror is the main thing on the page (a narrow pane in a wide box). */
export const MAX_FONT_SIZE = 40;
export const DEFAULT_FONT_SIZE = 13;

/**
 * The font size that makes a terminal drawn `renderedWidth` px wide at `fontSize` fill `availableWidth`
 * (a monospace row's width grows with the font size), between MIN_FONT_SIZE and `maxFontSize`, in half points so
 * pixel rounding does not make it flicker. Unchanged when nothing is measured yet.
 */
export function fittedFontSize(
  fontSize: number,
  renderedWidth: number,
  availableWidth: number,
  maxFontSize = MAX_FONT_SIZE,
): number {
  if (!(renderedWidth > 0) || !(availableWidth > 0)) return fontSize;
  const ideal = (fontSize * availableWidth) / renderedWidth;
  const halfPoints = Math.floor(ideal * 2) / 2;
  return Math.max(MIN_FONT_SIZE, Math.min(maxFontSize, halfPoints));
}
