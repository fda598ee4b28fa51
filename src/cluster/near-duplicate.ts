/**
 * Near-duplicate reports (issue 13 item 5): a repost, a capture of the same post twice, a quote of the same statement.
 * They count as one source when an incident is graded, not as corroboration of each other.
 * A report's fingerprint is a MinHash of its word 3-shingles (words folded: case, Arabic diacritics and tatweel);
 * the share of equal slots estimates the Jaccard similarity of two reports' shingle sets. Pure functions.
 */

/** Slots of a fingerprint: the estimate's standard error is about 0.5 / sqrt(SLOTS). */
export const FINGERPRINT_SLOTS = 32;
/** Estimated Jaccard similarity at or above which two reports are near-duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.6;
/** A fingerprint is taken from the first characters of a report (a repost repeats its opening; the store reads only these). */
export const FINGERPRINT_CHARS = 4_000;

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /[\u064B-\u065F\u0670\u0640]/g;

/** FNV-1a of a string, 32 bits. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mix of a shingle hash with slot k's seed. */
function slotHash(h: number, k: number): number {
  let x = (h ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** MinHash fingerprint of a text; null when it has fewer than 3 words (nothing to compare). */
export function fingerprint(text: string): number[] | null {
  const words = text.slice(0, FINGERPRINT_CHARS).toLowerCase().replace(MARKS, '').match(WORD) ?? [];
  if (words.length < 3) return null;
  const min = new Array<number>(FINGERPRINT_SLOTS).fill(0xffffffff);
  for (let i = 0; i + 2 < words.length; i++) {
    const h = fnv(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    for (let k = 0; k < FINGERPRINT_SLOTS; k++) {
      const v = slotHash(h, k);
      if (v < min[k]!) min[k] = v;
    }
  }
  return min;
}

/** Estimated Jaccard similarity of two fingerprints (0 when either is missing). */
export function similarity(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): number {
  if (!a || !b || a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

export function nearDuplicates(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  return similarity(a, b) >= NEAR_DUPLICATE_JACCARD;
}
