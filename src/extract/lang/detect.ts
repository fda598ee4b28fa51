/**
 * Language identification: script first (Arabic script -> ar, Cyrillic -> franc among Cyrillic languages),
 * then franc with a whitelist for Latin script (franc alone calls short English "Scots").
 * Returns ISO 639-1 codes.
 */
import { francRanked } from './trigrams.js';

/** franc (ISO 639-3) -> ISO 639-1 for the languages Vigil meets in conflict reporting. */
export const ISO3_TO_1: Readonly<Record<string, string>> = {
  eng: 'en', arb: 'ar', rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', srp: 'sr', mkd: 'mk', fra: 'fr', spa: 'es',
  por: 'pt', deu: 'de', ita: 'it', nld: 'nl', tur: 'tr', pes: 'fa', urd: 'ur', ind: 'id', swh: 'sw', som: 'so',
  hau: 'ha', pol: 'pl', ron: 'ro',
};
const LATIN = ['eng', 'fra', 'spa', 'por', 'deu', 'ita', 'nld', 'tur', 'ind', 'swh', 'som', 'hau', 'pol', 'ron'];
// Serbian, Bulgarian and Macedonian models outscore Russian on short texts; Vigil's Cyrillic sources are Russian and Ukrainian.
const CYRILLIC = ['rus', 'ukr', 'bel'];
/** On short texts n-gram scores are close; prefer the language of the pack we have when it is nearly as likely. */
const PREFERRED = new Set(['eng', 'rus', 'arb']);
const PREFER_RATIO = 0.9;
const ARABIC = ['arb', 'pes', 'urd'];

export interface LanguageGuess {
  lang: string | null;
  /** 'script' when decided by the writing system alone, 'franc' when by n-grams, 'default' when unsure. */
  method: 'script' | 'franc' | 'default';
}

const SAMPLE_CHARS = 2000;
const EN_FUNCTION_WORDS = new Set(['the', 'of', 'and', 'in', 'to', 'a', 'was', 'were', 'on', 'by', 'for', 'with', 'at', 'from', 'that', 'is', 'an', 'as', 'after', 'has', 'had', 'have', 'their', 'his', 'its', 'which', 'who', 'been', 'are']);

const FUNCTION_WORD_MAX = Math.max(...[...EN_FUNCTION_WORDS].map((w) => w.length));

/** Share of word tokens that are English function words (about 0.4 in English prose, under 0.1 in French or Spanish). */
function englishShare(text: string): number {
  // the runs of a-z in the lower-cased text, counted in place (only runs as short as a function word are looked up)
  const lower = text.slice(0, 1500).toLowerCase();
  let words = 0;
  let n = 0;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    words++;
    if (i - start <= FUNCTION_WORD_MAX && EN_FUNCTION_WORDS.has(lower.slice(start, i))) n++;
    start = -1;
  }
  if (words < 8) return 0;
  return n / words;
}

/** Letters Persian and Urdu write but Arabic does not (پ چ ژ گ ک ی; ٹ ڈ ڑ ں ے ہ ھ ۀ). */
function isPersianOrUrduLetter(c: number): boolean {
  return c === 0x67e || c === 0x686 || c === 0x698 || c === 0x6af || c === 0x6a9 || c === 0x6cc || c === 0x679 || c === 0x688 || c === 0x691 || c === 0x6ba || c === 0x6d2 || c === 0x6c1 || c === 0x6be || c === 0x6c0;
}

export function detectLanguage(text: string): LanguageGuess {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  let latin = 0, cyr = 0, arab = 0, farsiUrdu = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    else if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) {
      arab++;
      if (isPersianOrUrduLetter(c)) farsiUrdu++;
    }
  }
  const total = latin + cyr + arab;
  if (total === 0) return { lang: null, method: 'default' };
  const only = arab >= cyr && arab >= latin ? ARABIC : cyr >= latin ? CYRILLIC : LATIN;
  // Fast path for Arabic: Arabic script with none of the letters only Persian or Urdu use is Arabic; n-grams would
  // only spend time confirming it (franc costs about a tenth of a short report's extraction).
  if (only === ARABIC && farsiUrdu === 0) return { lang: 'ar', method: 'script' };
  // Fast path for English, the common case: a high share of English function words decides without n-grams.
  if (only === LATIN && englishShare(sample) >= 0.22) return { lang: 'en', method: 'franc' };
  const ranked = francRanked(sample, only, 20); // = franc's francAll(sample, { only, minLength: 20 }), faster
  let code = ranked[0]?.[0] ?? 'und';
  const top = ranked[0]?.[1] ?? 0;
  if (!PREFERRED.has(code)) {
    const pref = ranked.find(([c, score]) => PREFERRED.has(c) && score >= top * PREFER_RATIO);
    if (pref) code = pref[0];
  }
  if (code !== 'und' && ISO3_TO_1[code]) return { lang: ISO3_TO_1[code], method: 'franc' };
  if (only === ARABIC) return { lang: 'ar', method: 'script' };
  if (only === CYRILLIC) return { lang: 'ru', method: 'script' };
  return { lang: 'en', method: 'default' };
}

export type Script = 'latin' | 'cyrillic' | 'arabic';

/** Letters of each script in a text (Latin a-z, A-Z and Latin-1/Extended letters; Cyrillic; Arabic script). */
export function scriptCounts(text: string): Record<Script, number> {
  let latin = 0, cyr = 0, arab = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)) latin++;
    else if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if ((c >= 0x620 && c <= 0x64a) || (c >= 0x671 && c <= 0x6d3) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc)) arab++;
  }
  return { latin, cyrillic: cyr, arabic: arab };
}

const ARABIC_SCRIPT_LANGS = new Set(['ar', 'fa', 'ur', 'ps', 'ckb', 'sd', 'ug']);
const CYRILLIC_SCRIPT_LANGS = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'tg', 'mn']);

/** The script a language is written in (Serbian and Kazakh also use Latin; their Cyrillic form is assumed). */
export function scriptOfLanguage(lang: string): Script {
  const l = lang.toLowerCase();
  if (ARABIC_SCRIPT_LANGS.has(l) || ARABIC_SCRIPT_LANGS.has(l.slice(0, 2))) return 'arabic';
  if (CYRILLIC_SCRIPT_LANGS.has(l.slice(0, 2))) return 'cyrillic';
  return 'latin';
}

/** A hint is overruled when the text has this many letters at least ... */
const HINT_MIN_LETTERS = 20;
/** ... and the hint's script holds less than this share of them while another script holds most. */
const HINT_MAX_SHARE = 0.25;

/**
 * Does a caller's language hint contradict the text's script? ("ar" on an English post, "en" on an Arabic one.)
 * Returns the detected language that overrules it, or null when the hint stands.
 */
export function overruleHint(hint: string, text: string): LanguageGuess | null {
  const sample = text.length > SAMPLE_CHARS * 4 ? text.slice(0, SAMPLE_CHARS * 4) : text;
  const n = scriptCounts(sample);
  const total = n.latin + n.cyrillic + n.arabic;
  if (total < HINT_MIN_LETTERS) return null;
  const own = n[scriptOfLanguage(hint)] / total;
  if (own >= HINT_MAX_SHARE) return null;
  const g = detectLanguage(sample);
  return g.lang && scriptOfLanguage(g.lang) !== scriptOfLanguage(hint) ? g : null;
}

export interface LanguageSpan {
  start: number;
  end: number;
  lang: string;
}

/** Paragraphs shorter than this (in letters) take their neighbours' language. */
const PARAGRAPH_MIN_LETTERS = 12;
/** A document is mixed when its second script holds at least this share of its letters. */
const MIXED_MIN_SHARE = 0.1;

/**
 * The language of each paragraph (blank-line separated, else line) of a text whose scripts mix (an Arabic post
 * with an English translation, an English report quoting Arabic); null when one script holds nearly all letters.
 * Consecutive paragraphs of one language are merged.
 */
export function paragraphLanguages(text: string): LanguageSpan[] | null {
  const n = scriptCounts(text);
  const counts = [n.latin, n.cyrillic, n.arabic].sort((a, b) => b - a);
  const total = counts[0]! + counts[1]! + counts[2]!;
  if (total < 2 * PARAGRAPH_MIN_LETTERS || counts[1]! / total < MIXED_MIN_SHARE) return null;
  const out: LanguageSpan[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const piece = m[0];
    const c = scriptCounts(piece);
    if (c.latin + c.cyrillic + c.arabic < PARAGRAPH_MIN_LETTERS) continue;
    const lang = detectLanguage(piece).lang;
    if (!lang) continue;
    const last = out[out.length - 1];
    if (last && last.lang === lang) last.end = m.index + piece.length;
    else out.push({ start: m.index, end: m.index + piece.length, lang });
  }
  return out.length > 1 ? out : null;
}
