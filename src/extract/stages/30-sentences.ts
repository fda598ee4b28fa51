/**
 * 30-sentences: splits Doc.text into sentences and paragraphs in one pass.
 *  - Paragraphs are blank-line separated blocks.
 *  - A line break ends a sentence (headlines, captions, list items) unless the line is visibly wrapped
 *    mid-sentence (it ends in a lowercase word or a comma and the next line starts in lowercase).
 *  - ". ! ? … ؟" end a sentence when whitespace and then a capital, digit, quote or a non-Latin letter follow,
 *    except after abbreviations (lang/<xx>/abbreviations.json: "Gen.", "Lt. Col.", "No. 5"), initials ("U.S.",
 *    "J. Smith") and dotted groups ("e.g.", "a.m.").
 */
import type { Stage } from '../stage.js';
import type { Sentence } from '../../model/document.js';
import { packFor } from '../lang/index.js';
import { unitClass } from '../lang/unit-class.js';

interface AbbrData {
  always: string[];
  beforeNumber: string[];
}
interface AbbrSets {
  always: Set<string>;
  beforeNumber: Set<string>;
}
const abbrCache = new Map<string, AbbrSets>();
function abbreviations(lang: string | null): AbbrSets {
  const pack = packFor(lang, 'abbreviations');
  let sets = abbrCache.get(pack.lang);
  if (!sets) {
    const d = pack.data as AbbrData | null;
    sets = { always: new Set(d?.always ?? []), beforeNumber: new Set(d?.beforeNumber ?? []) };
    abbrCache.set(pack.lang, sets);
  }
  return sets;
}

export interface SplitOptions {
  language?: string | null;
}

const isSpace = (c: string) => c === ' ' || c === '\n';
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '“']);

// The splitter asks these of single characters at every line break and full stop: as code-unit lookups (lang/unit-class.ts).
const WORD_PART = unitClass(/[\p{L}\p{N}.-]/u);
const WRAP_PREV = unitClass(/[\p{Ll},;:\-–]/u);
const WRAP_NEXT = unitClass(/[\p{Ll}\d(]/u);
const SENTENCE_START = unitClass(/[\p{Lu}\p{N}"“'‘«(\[]/u);
const LOWER = unitClass(/[\p{Ll}]/u);

/** Is the full stop at `i` (text[i] === '.') part of an abbreviation, initial or number? */
function isAbbreviation(text: string, i: number, abbr: AbbrSets, next: string): boolean {
  let s = i;
  while (s > 0 && WORD_PART(text.charCodeAt(s - 1))) s--;
  const word = text.slice(s, i);
  if (!word) return false;
  const bare = word.replace(/^[-.]+/, '');
  const lower = bare.toLowerCase();
  if (abbr.always.has(lower)) return true;
  if (abbr.beforeNumber.has(lower) && /\d/.test(next)) return true;
  // "U.S." "e.g." "a.m." (letter.letter.) and single initials "J." (but not a one-letter sentence-final word "I.")
  if (/^(\p{L}\.)+\p{L}$/u.test(bare)) {
    // "the U.S. On Monday" is ambiguous; keep it together unless a clear sentence start follows ("The", "A").
    return !/^(The|A|An|In|On|At|It|He|She|They|We|This|That|There)\b/.test(next);
  }
  if (/^\p{Lu}$/u.test(bare) && bare !== 'I') return true;
  return false;
}

/** The first non-space character after position i and its index. */
function peek(text: string, i: number): [string, number] {
  let j = i;
  while (j < text.length && text.charCodeAt(j) === 32) j++;
  return [text.slice(j, j + 12), j];
}

export function splitSentences(text: string, opts: SplitOptions = {}): Sentence[] {
  const abbr = abbreviations(opts.language ?? null);
  const out: Sentence[] = [];
  let paragraph = 0;
  let start = -1; // start of the current sentence (first non-space), -1 when between sentences
  const n = text.length;
  const push = (end: number) => {
    if (start < 0) return;
    let e = end;
    while (e > start && isSpace(text[e - 1])) e--;
    if (e > start) out.push({ start, end: e, index: out.length, paragraph });
    start = -1;
  };
  // characters as code units: 10 "\n", 32 " ", 46 ".", 33 "!", 63 "?", U+2026 "…", U+061F "؟", U+3002 "。"
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // blank line -> paragraph break
      let j = i + 1;
      let blank = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d !== 32 && d !== 10) break;
        if (d === 10) blank = true;
        j++;
      }
      if (blank) {
        push(i);
        if (out.length && out[out.length - 1].paragraph === paragraph) paragraph++;
        i = j - 1;
        continue;
      }
      if (start >= 0) {
        // wrapped line: "... in the\nnorthern district" stays one sentence
        let k = i - 1;
        while (k > start && text.charCodeAt(k) === 32) k--;
        const prev = text.charCodeAt(k);
        const wrapped = (WRAP_PREV(prev) && j < n && WRAP_NEXT(text.charCodeAt(j))) || prev === 44 || prev === 59; // "," ";"
        if (!wrapped) push(i);
      }
      continue;
    }
    if (c === 32) continue;
    if (start < 0) start = i;
    if (c === 46 || c === 33 || c === 63 || c === 0x2026 || c === 0x61f || c === 0x3002) {
      // swallow runs ("?!", "...") and closing quotes/brackets
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d !== 46 && d !== 33 && d !== 63 && d !== 0x2026) break;
        j++;
      }
      while (j < n && CLOSERS.has(text[j])) j++;
      if (j < n && !isSpace(text[j])) { i = j - 1; continue; } // "3.5", "U.S.-backed", "example.com"
      const [next, at] = peek(text, j);
      if (at >= n) { push(j); i = j - 1; continue; }
      if (next[0] === '\n') { i = j - 1; continue; } // the newline logic decides
      const first = next.charCodeAt(0);
      const startsSentence = SENTENCE_START(first) || !LOWER(first);
      if (!startsSentence) { i = j - 1; continue; }
      if (c === 46 && j === i + 1 && isAbbreviation(text, i, abbr, next)) { i = j - 1; continue; }
      push(j);
      i = j - 1;
    }
  }
  push(n);
  return out;
}

export const sentencesStage: Stage = {
  name: '30-sentences',
  reads: ['text', 'language'],
  adds: ['sentences'],
  run: (doc) => ({ ...doc, sentences: splitSentences(doc.text, { language: doc.language }) }),
};
