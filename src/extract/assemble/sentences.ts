/**
 * Sentence helpers for the event stages. The sentence stage (30) normally fills doc.sentences; when it has not
 * (an empty list), a simple splitter stands in so events still get sentence-sized spans: it breaks after
 * . ! ? followed by whitespace and an upper-case letter, digit or quote, and at blank lines (new paragraph).
 */
import type { Doc, Sentence } from '../../model/document.js';

const ABBREV = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'maj', 'no', 'vs', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'e.g', 'i.e', 'approx', 'govt', 'dept']);

export function fallbackSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let paragraph = 0;
  const push = (end: number, nextPara: boolean) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e, index: out.length, paragraph });
    if (nextPara && e > s) paragraph++;
  };
  const re = /([.!?]["”’)]?)\s+(?=["“‘(]?[\p{Lu}\p{N}])|\n\s*\n|\n(?=[\p{Lu}])/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1]) {
      const before = text.slice(Math.max(0, m.index - 6), m.index).toLowerCase();
      const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
      if (ABBREV.has(word) || /^\p{L}$/u.test(word)) continue;
      push(m.index + m[1].length, /\n\s*\n/.test(m[0]));
    } else {
      push(m.index, /\n\s*\n/.test(m[0]));
    }
    start = m.index + m[0].length;
  }
  push(text.length, false);
  return out;
}

/** The document's sentences, or the fallback split when the sentence stage has not run. */
export function sentencesOf(doc: Doc): Sentence[] {
  return doc.sentences.length > 0 ? doc.sentences : fallbackSentences(doc.text);
}

/** Index of the sentence containing offset `pos` (binary search; the nearest preceding one between sentences). */
export function sentenceAt(sentences: Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid].start <= pos) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
