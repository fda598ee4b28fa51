import { describe, expect, it } from 'vitest';
import { tokenize } from './recognize.js';

/** The word pattern the tokenizer implements (a run of letters, marks, digits; then apostrophe + letters). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu;

describe('tokenize', () => {
  it('finds the words of the word pattern, possessive cut off', () => {
    const t = tokenize("Syria's army shelled Ma'arrat al-Nu'man (5 km) and حماة.");
    expect(t.map((x) => x.text)).toEqual(['Syria', 'army', 'shelled', "Ma'arrat", 'al', "Nu'man", '5', 'km', 'and', 'حماة']);
    expect(t[0]!.cap).toBe(true);
    expect(t[9]!.script).toBe('arabic');
    expect(t[9]!.cap).toBe(false);
  });
  it('marks sentence starts', () => {
    const t = tokenize('Shelling hit Idlib. Aleppo was calm');
    expect(t.filter((x) => x.sentenceStart).map((x) => x.text)).toEqual(['Shelling', 'Aleppo']);
  });
  it('agrees with the word pattern on mixed text, letters beyond the BMP included', () => {
    const parts = ['a', 'B', '5', '٣', "'", '’', 'ʼ', ' ', '.', '-', 'é', '\u0301', 'ب', 'Ж', '𝐀', '😀', 'Ⅻ', '²', '_'];
    let seed = 5;
    const next = (k: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = 1 + next(16); j > 0; j--) s += parts[next(parts.length)];
      const words = [...s.matchAll(WORD)].map((m) => {
        const w = m[0];
        // tokenize drops a possessive 's ("Syria's" -> "Syria")
        return /^.+['’ʼ][sS]$/u.test(w) && w.length >= 2 ? w.slice(0, -2) : w;
      }).filter(Boolean);
      expect(tokenize(s).map((x) => x.text), s).toEqual(words);
    }
  });
});
