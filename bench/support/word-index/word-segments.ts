/**
 * A segment of the recorded-output index: (word hash, row) pairs grouped in 2^bits buckets by the hash's top
 * bits (a counting sort: linear, no comparison sort), stored as parts of `PART_BUCKETS` buckets each, so a
 * search reads one part per word and segment, not the whole segment. Rows are relative to the segment's first.
 */
export interface WordSegment {
  bits: number;
  /** Bucket b's pairs are [offsets[b], offsets[b + 1]). */
  offsets: Uint32Array;
  hashes: Uint32Array;
  rows: Uint32Array;
}

/** Buckets a part holds (a part is ~PART_BUCKETS × AVERAGE_BUCKET pairs, 8 bytes each). */
export const PART_BITS = 6;
/** Pairs a bucket holds on average (fewer: more buckets to store; more: more pairs to scan per word). */
const AVERAGE_BUCKET = 32;
const MAX_BITS = 24;

export const bucketBitsFor = (pairs: number): number =>
  Math.min(MAX_BITS, Math.max(0, Math.ceil(Math.log2(Math.max(1, pairs / AVERAGE_BUCKET)))));

const bucketOf = (hash: number, bits: number) => (bits === 0 ? 0 : hash >>> (32 - bits));

/** A source of pairs for `segmentOf`: `count` pairs, each row shifted by `rowShift`. */
export interface PairSource {
  hashes: Uint32Array;
  rows: Uint32Array;
  count: number;
  rowShift: number;
}

/** Buckets the pairs of `sources` (in their order), keeping those whose shifted row `keep` accepts. */
export function segmentOf(sources: readonly PairSource[], keep?: (row: number) => boolean): WordSegment {
  let total = 0;
  for (const source of sources) total += source.count;
  const bits = bucketBitsFor(total);
  const offsets = new Uint32Array((1 << bits) + 1);
  for (const { hashes, rows, count, rowShift } of sources)
    for (let i = 0; i < count; i++)
      if (!keep || keep(rows[i]! + rowShift)) offsets[bucketOf(hashes[i]!, bits) + 1]!++;
  for (let b = 1; b < offsets.length; b++) offsets[b]! += offsets[b - 1]!;
  const kept = offsets[offsets.length - 1]!;
  const hashes = new Uint32Array(kept);
  const rows = new Uint32Array(kept);
  const next = offsets.slice(0, -1);
  for (const source of sources)
    for (let i = 0; i < source.count; i++) {
      const row = source.rows[i]! + source.rowShift;
      if (keep && !keep(row)) continue;
      const hash = source.hashes[i]!;
      const at = next[bucketOf(hash, bits)]!++;
      hashes[at] = hash;
      rows[at] = row;
    }
  return { bits, offsets, hashes, rows };
}

export const partsOf = (bits: number) => 1 << Math.max(0, bits - PART_BITS);
export const partOf = (hash: number, bits: number) => bucketOf(hash, bits) >>> PART_BITS;

/** Part `part` as bytes: its buckets' offsets (from the part's first pair), then its hashes, then its rows. */
export function partBytes(segment: WordSegment, part: number): Buffer {
  const buckets = Math.min(1 << segment.bits, 1 << PART_BITS);
  const first = part * buckets;
  const from = segment.offsets[first]!;
  const to = segment.offsets[first + buckets]!;
  const out = new Uint32Array(buckets + 1 + 2 * (to - from));
  for (let b = 0; b <= buckets; b++) out[b] = segment.offsets[first + b]! - from;
  out.set(segment.hashes.subarray(from, to), buckets + 1);
  out.set(segment.rows.subarray(from, to), buckets + 1 + (to - from));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

const wordsOf = (bytes: Buffer): Uint32Array =>
  bytes.byteOffset % 4 === 0
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    : new Uint32Array(Uint8Array.from(bytes).buffer);

/**
 * The rows of a part's pairs with `hash` (relative to the segment's first row, ascending), appended to `into`;
 * with `within` (ascending), only those it holds.
 */
export function rowsWithHash(
  bytes: Buffer,
  bits: number,
  hash: number,
  into: number[],
  within?: readonly number[],
): void {
  const words = wordsOf(bytes);
  const buckets = Math.min(1 << bits, 1 << PART_BITS);
  const local = bucketOf(hash, bits) & (buckets - 1);
  const pairs = words[buckets]!;
  const from = words[local]!;
  const to = words[local + 1]!;
  const rows = buckets + 1 + pairs;
  let next = 0;
  for (let i = from; i < to; i++) {
    if (words[buckets + 1 + i] !== hash) continue;
    const row = words[rows + i]!;
    if (within) {
      while (next < within.length && within[next]! < row) next++;
      if (next === within.length) return;
      if (within[next] !== row) continue;
    }
    into.push(row);
  }
}

/** A whole segment from its parts (in order), as a source of pairs for a merge. */
export function pairsOfParts(
  parts: readonly Buffer[],
  bits: number,
): { hashes: Uint32Array; rows: Uint32Array } {
  const buckets = Math.min(1 << bits, 1 << PART_BITS);
  let total = 0;
  const views = parts.map((bytes) => {
    const words = wordsOf(bytes);
    total += words[buckets]!;
    return words;
  });
  const hashes = new Uint32Array(total);
  const rows = new Uint32Array(total);
  let at = 0;
  for (const words of views) {
    const pairs = words[buckets]!;
    hashes.set(words.subarray(buckets + 1, buckets + 1 + pairs), at);
    rows.set(words.subarray(buckets + 1 + pairs, buckets + 1 + 2 * pairs), at);
    at += pairs;
  }
  return { hashes, rows };
}
