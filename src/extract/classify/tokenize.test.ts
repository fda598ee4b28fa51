import { describe, expect, it } from 'vitest';
import { arabicStems, foldToken, tokenize } from './phrase-matcher.js';

/** The definition tokenize follows (it scans characters itself for speed): one regex, each match folded. */
function reference(text: string) {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)].map((m) => {
    const norm = foldToken(m[0]);
    const tok: { norm: string; start: number; end: number; alts?: string[] } = { norm, start: m.index, end: m.index + m[0].length };
    const c = norm.charCodeAt(0);
    if (c >= 0x0600 && c <= 0x06ff) {
      const alts = arabicStems(norm);
      if (alts.length) tok.alts = alts;
    }
    return tok;
  });
}

describe('tokenize', () => {
  it('splits and folds words', () => {
    expect(tokenize("Air-strikes hit Ёлкино's market; وبالغارات قُتِلَ").map((t) => t.norm)).toEqual([
      'air', 'strikes', 'hit', 'елкино', 's', 'market', 'وبالغارات', 'قتل',
    ]);
    expect(tokenize('وبالغارات')[0]!.alts).toEqual(['بالغارات', 'الغارات', 'غارات']);
  });
  it('equals the regex definition on 100,000 random texts (marks, digits, surrogate pairs, lone surrogates)', () => {
    const alphabet = ['a', 'B', ' ', '-', "'", 'ё', 'Ё', 'и', 'و', 'ال', 'ب', 'ل', 'ك', 'ف', 'ة', 'أ', 'ى', '\u064E', '\u0640', '\u0670', '\u0301',
      '²', '٣', '𝐀', '😀', 'Σ', 'ς', 'Α', '\u0345', '\uD800', '\uDC00', 'İ', 'ſ', '.', '\n', 'ٱ', 'آ', 'إ', 'x', '7'];
    let seed = 5;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 100_000; i++) {
      let text = '';
      for (let k = 1 + rnd(12); k > 0; k--) text += i % 10 ? alphabet[rnd(alphabet.length)] : String.fromCharCode(rnd(0x10000));
      expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });
});
