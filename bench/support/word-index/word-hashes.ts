import { tokensOf } from '../../../packages/core/src/search/output-query';

/**
 * Words of recorded output as 32-bit hashes, for the recorded-output index (`word-index.ts`): FNV-1a over a
 * folded word's UTF-16 code units, the word as `tokensOf` (output-query.ts) splits and folds it. ASCII text is
 * split and hashed in one pass over its characters with no string made per word; a row with any other
 * character goes through `tokensOf` (the same words, the same hashes). Two words may share a hash: whoever
 * reads the index checks the row's text.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Per ASCII code: the folded code of a word character (a letter lowercased, a digit), 0 for a separator. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = c;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = c;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = c + 32;

/** The hash of a folded word (as `tokensOf` gives it). */
export function wordHash(folded: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < folded.length; i++) hash = Math.imul(hash ^ folded.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** Where a row's distinct word hashes are gathered: two growing arrays, (hash, row) pairs. */
export class WordPairs {
  hashes = new Uint32Array(1 << 14);
  rows = new Uint32Array(1 << 14);
  count = 0;
  /** Words added since `clear` (each occurrence, for bm25's average row length). */
  words = 0;
  /** A row's distinct hashes, open addressing; a slot is taken when its stamp is the row's. */
  private readonly seen = new Uint32Array(1 << 12);
  private readonly stamps = new Uint32Array(1 << 12);
  private stamp = 0;
  private row = 0;
  private distinct = 0;

  /** Adds the distinct words of `text` as pairs with `row` (a row id relative to the batch's first). */
  addRow(text: string, row: number): void {
    this.row = row;
    this.distinct = 0;
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    if (this.stamp === 1) this.stamps.fill(0);
    const wordsBefore = this.words;
    let hash = FNV_OFFSET;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        this.words = wordsBefore;
        return this.addSlowly(text);
      }
      const folded = ASCII_WORD[c]!;
      if (folded !== 0) {
        hash = Math.imul(hash ^ folded, FNV_PRIME);
        inWord = true;
      } else if (inWord) {
        this.add(hash >>> 0);
        hash = FNV_OFFSET;
        inWord = false;
      }
    }
    if (inWord) this.add(hash >>> 0);
  }

  clear(): void {
    this.count = 0;
    this.words = 0;
  }

  /** A row with a character beyond ASCII: its words as `tokensOf` makes them (what was added is added again, once). */
  private addSlowly(text: string): void {
    for (const token of tokensOf(text)) this.add(wordHash(token));
  }

  private add(hash: number): void {
    this.words++;
    const mask = this.seen.length - 1;
    // A row of more distinct words than half the table: the rest go in as they come (a repeat costs space, not results).
    if (this.distinct < this.seen.length >> 1) {
      let slot = Math.imul(hash, 0x9e3779b1) >>> 20;
      while (this.stamps[slot] === this.stamp) {
        if (this.seen[slot] === hash) return;
        slot = (slot + 1) & mask;
      }
      this.stamps[slot] = this.stamp;
      this.seen[slot] = hash;
      this.distinct++;
    }
    if (this.count === this.hashes.length) this.grow();
    this.hashes[this.count] = hash;
    this.rows[this.count++] = this.row;
  }

  private grow(): void {
    const hashes = new Uint32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    const rows = new Uint32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.hashes = hashes;
    this.rows = rows;
  }
}
