/** The most zero-width codepoints (combining marks, joiners, format characters) a pane's output joins to one cell. */
export const MAX_JOINED_CODEPOINTS = 8;

/**
 * What xterm.js (Unicode 6 widths) joins to the character before it, and DEL, which it ignores without ending the
 * join: every codepoint of zero width there is a combining mark (M), a format character (Cf), a Hangul medial
 * or final jamo, or U+06DE.
 */
const JOINING = '\\p{M}\\p{Cf}\\u06DE\\u1160-\\u11FF\\uD7B0-\\uD7FF';
const ZERO_WIDTH = new RegExp(`[${JOINING}]`, 'u');
const OTHER = 0;
const JOINS = 1;
const DEL = 2;
/** Each UTF-16 unit of the Basic Multilingual Plane: what it is to a join (surrogates are looked at in pairs). */
const KINDS = new Uint8Array(0x10000);
for (let unit = 0x80; unit < 0x10000; unit++)
  if (ZERO_WIDTH.test(String.fromCharCode(unit))) KINDS[unit] = JOINS;
KINDS[0x7f] = DEL;
const kindOf = (codepoint: number) => (ZERO_WIDTH.test(String.fromCodePoint(codepoint)) ? JOINS : OTHER);

/**
 * Keeps at most MAX_JOINED_CODEPOINTS zero-width codepoints in a row of a pane's output (text, as the pty gives
 * it; a run may continue from one write to the next), dropping the rest. Far more than any script stacks (Vietnamese
 * two, Tibetan and Hebrew with cantillation four or five, an emoji tag sequence seven); text without a run that
 * long passes as the same string, ASCII at regex speed, other text at ~1-2 ns a character.
 *
 * Why: xterm.js keeps a cell's combined character as a string it appends each codepoint to (a rope of ~53 bytes a
 * codepoint), with no bound. `A` and 200 combining accents, printed 20,000 times (8 MB of output), held +213 MB of
 * the host's heap; 1,000-accent cells ~55 KB each, so a pane's 82,000 cells (80 × 1,025 lines) could hold 4.5 GB
 * from ~160 MB of output, past V8's heap limit (session 26). Bytes the API injects come here decoded (ParseQueue).
 */
export class CombiningBound {
  /** Zero-width codepoints at the end of the text so far (a run the next write may continue). */
  private carried = 0;

  constructor(private readonly max = MAX_JOINED_CODEPOINTS) {}

  text(data: string): string {
    if (!/[^\0-\x7e]/.test(data)) {
      if (data.length > 0) this.carried = 0;
      return data;
    }
    let count = this.carried;
    let kept: string[] | undefined;
    let from = 0;
    for (let i = 0; i < data.length; i++) {
      const unit = data.charCodeAt(i);
      const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < data.length;
      const kind = pair ? kindOf(data.codePointAt(i)!) : KINDS[unit]!;
      const end = pair ? i + 2 : i + 1;
      if (kind === OTHER) count = 0;
      else if (kind === JOINS && count++ >= this.max) {
        (kept ??= []).push(data.slice(from, i));
        from = end;
      }
      i = end - 1;
    }
    this.carried = count;
    if (!kept) return data;
    kept.push(data.slice(from));
    return kept.join('');
  }
}
