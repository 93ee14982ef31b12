import type { ScreenSnapshot } from '../ports/terminal-backend';

type OptionalField = {
  [K in keyof ScreenSnapshot]-?: undefined extends ScreenSnapshot[K] ? K : never;
}[keyof ScreenSnapshot];

/** Every field of a screen, each named (a field added to `ScreenSnapshot` must be given by every caller). */
export type ScreenFields = Omit<ScreenSnapshot, OptionalField> & {
  [K in OptionalField]: ScreenSnapshot[K] | undefined;
};

/**
 * A screen made from a read's parts as an object of its own: never `{ ...read, lines }`. A spread copy of a
 * backend's read takes the read's hidden class, and writing new lines, cursor or line number into the copy turns
 * those fields from constant to mutable in the class every read of that backend shares: V8 then throws away the
 * optimized code of every function that reads screens (health's detection, the recorder's frames), at the first
 * read with lines above the screen. With recording on, health's screen path then ran unoptimized for ~20 s
 * (docs/performance.md, session 20). Fields left undefined are left out, as a backend leaves them out.
 */
export function screenOf(fields: ScreenFields): ScreenSnapshot {
  const screen: ScreenSnapshot = { lines: fields.lines, cursor: fields.cursor };
  if (fields.wraps !== undefined) screen.wraps = fields.wraps;
  if (fields.styles !== undefined) screen.styles = fields.styles;
  if (fields.columns !== undefined) screen.columns = fields.columns;
  if (fields.rows !== undefined) screen.rows = fields.rows;
  if (fields.firstLine !== undefined) screen.firstLine = fields.firstLine;
  return screen;
}
