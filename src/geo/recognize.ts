/**
 * Recognition: finds place-name spans by gazetteer lookup over token windows, with the context rules in
 * rules.json ("the town of X", "X province", "eastern X", "the X airbase") and the filters that reject
 * common words, titles and person names that collide with places ("Mr. Jordan", "Laura X", "Reading is ...").
 * Output: raw matches with their gazetteer hits; resolve.ts picks the candidate.
 */
import rulesJson from './rules.json' with { type: 'json' };
import { foldKey, skeletonKey } from './normalize.js';
import type { Gazetteer, Hit, KeyProbe } from './gazetteer.js';
import type { LocationPrecision } from '../model/toponym.js';

export interface GeoRules {
  maxWindowTokens: number;
  articles: string[];
  nameParticles: string[];
  directionalPrefixes: string[];
  titles: string[];
  orgHeads: string[];
  placeHeads: Record<string, LocationPrecision>;
  precedingCues: Record<string, LocationPrecision>;
  directionalNear: string[];
  airWords: string[];
  stopNames: string[];
  genericHeads: string[];
  scriptRegions: { arabic: string[]; cyrillic: string[] };
  arabicNameMarkers: string[];
  casualtyCues: string[];
  regionalHeads: string[];
  /** See rules.json _comment_platformOwners. */
  platformOwners: { weaponCategories: string[]; subEventTypes: string[] };
  /** See rules.json _comment_borderWords. */
  borderWords: string[];
  arabicPlaceCues: string[];
  clauseBreaks: string[];
  arabicStop: string[];
  cyrillicStop: string[];
  originCues: string[];
  eventCues: string[];
  /** See rules.json _comment_qualifierGaps. */
  qualifierGaps: string[];
  /** See rules.json _comment_locativeWords. */
  locativeWords: string[];
}
export const RULES = rulesJson as unknown as GeoRules;

export interface Token {
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  script: 'latin' | 'arabic' | 'cyrillic' | 'other';
  sentenceStart: boolean;
}

export interface RawMatch {
  start: number;
  end: number;
  text: string;
  hits: Hit[];
  /** exact: the folded name is in the gazetteer; skeleton: only its transliteration skeleton is. */
  match: 'exact' | 'skeleton';
  adjectival: boolean;
  /** Names an airfield ("the X airbase"): airfield candidates preferred. */
  air: boolean;
  /** Precision suggested by the context ("X province" -> province, "near X" -> near). */
  contextPrecision: LocationPrecision | null;
  rule: string;
  /** Inside an organization or actor name ("The Washington Post", "Free Syrian Army"). */
  embedded: boolean;
  /** Token index of the first token (for neighbourhood rules). */
  tokenIndex: number;
  tokenEnd: number;
  /** Folded text of the name. */
  key: string;
  /** Followed by ", " (then perhaps its province or country: "Parkland, Florida"). */
  commaAfter?: boolean;
  /** The words between this name and the next one, when few (", ", " (", " municipality, "): resolve.ts reads
   *  qualifiers from them ("Tieba (Bankass, Mopti)", "Cuauhtemoc municipality, Chihuahua"). */
  gapAfter?: string;
  /** The word before the name reads it as a location ("in", "near": rules.json locativeWords). */
  locative?: boolean;
  /** Naming style of the words ("al-Bab", "Khan Tuman", Arabic or Cyrillic script): a weak country prior. */
  style?: 'arabic' | 'cyrillic' | null;
  /** Script of the name's first word. */
  script?: Token['script'];
}

const LOCATIVE = new Set(RULES.locativeWords);
/** Longest gap between two names that may hold a qualifier (" district, ", " village (", ", in the "). */
const GAP_MAX = 24;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu;

function scriptOfWord(w: string): Token['script'] {
  const c = w.codePointAt(0) ?? 0;
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) ? 'latin' : 'other';
  if (c >= 0x0600 && c <= 0x06ff) return 'arabic';
  if (c >= 0x0400 && c <= 0x04ff) return 'cyrillic';
  if (/\p{Script=Latin}|\p{N}/u.test(w[0])) return 'latin';
  return 'other';
}

/** Starts with an uppercase letter (ASCII and the Arabic block, which has no capitals, answered without the Unicode
 *  property test). */
function capitalized(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  if (c >= 0x0600 && c <= 0x06ff) return false;
  return /^\p{Lu}/u.test(w);
}

/** Classes of BMP code units for the word scanner, filled on first sight from the WORD regex's own classes:
 *  bit 1 a letter or mark, bit 2 a number, bit 4 known. */
const UNIT_CLASS = new Uint8Array(0x10000);
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const NUMBER = /^\p{N}$/u;
function unitClass(c: number): number {
  let k = UNIT_CLASS[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = 4 | (LETTER_OR_MARK.test(ch) ? 1 : 0) | (NUMBER.test(ch) ? 2 : 0);
    UNIT_CLASS[c] = k;
  }
  return k;
}
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019 || c === 0x2bc; // ' ’ ʼ

/**
 * The words of `text` as WORD.exec finds them: a run of letters, marks and digits, then any number of apostrophe +
 * letters-and-marks ("Ma'arrat", "Syria's"), each [start, end) pair pushed to `spans`. Scanning code units against a
 * class table costs less than the Unicode regex. Returns false, with `spans` unspecified, for a text with surrogate
 * code units (letters beyond the BMP): the caller then uses the regex.
 */
function scanWords(text: string, spans: number[]): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
    if (!(unitClass(c) & 3)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) return false;
      if (!(unitClass(c) & 3)) break;
      i++;
    }
    // (?:['’ʼ][\p{L}\p{M}]+)*
    while (i + 1 < n && isApostrophe(text.charCodeAt(i))) {
      c = text.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdfff) return false;
      if (!(unitClass(c) & 1)) break;
      i += 2;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdfff) return false;
        if (!(unitClass(c) & 1)) break;
        i++;
      }
    }
    spans.push(start, i);
  }
  return true;
}
const wordSpans: number[] = [];

/** wordSpans filled by the WORD regex (texts with letters beyond the BMP). */
function regexWords(text: string): void {
  wordSpans.length = 0;
  let m: RegExpExecArray | null;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) wordSpans.push(m.index, m.index + m[0].length);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  wordSpans.length = 0;
  if (!scanWords(text, wordSpans)) regexWords(text);
  const spans = wordSpans;
  for (let k = 0; k < spans.length; k += 2) {
    let w = text.slice(spans[k]!, spans[k + 1]!);
    // Possessive "Syria's" -> "Syria" (but "Ma'arrat" stays whole).
    const n = w.length;
    if (n >= 2 && (w.charCodeAt(n - 1) | 32) === 115 && "'’ʼ".includes(w[n - 2])) w = w.slice(0, -2);
    if (!w) continue;
    const start = spans[k]!;
    const prevTok = out[out.length - 1];
    // The gap between two words is most often one space, which starts no sentence.
    const oneSpace = !!prevTok && start - prevTok.end === 1 && text.charCodeAt(prevTok.end) === 32;
    const gap = prevTok && !oneSpace ? text.slice(prevTok.end, start) : '';
    const sentenceStart = !prevTok || (!oneSpace && (/[.!?:;\n•|]\s*["'“‘(\[]*\s*$/.test(gap) ||
      (gap.includes('\n') && /^\s*[-–—]\s*$/.test(text.slice(Math.max(0, start - 4), start)))));
    out.push({
      start, end: start + w.length, text: w, lower: w.toLowerCase(), cap: capitalized(w), script: scriptOfWord(w), sentenceStart,
    });
  }
  return out;
}

const set = (xs: string[]): Set<string> => new Set(xs.map((x) => x.toLowerCase()));
const PARTICLES = set(RULES.nameParticles);
const ARTICLES = set(RULES.articles);
const TITLES = set(RULES.titles);
const ORG_HEADS = set(RULES.orgHeads);
const STOP = set(RULES.stopNames);
const AR_STOP = new Set(RULES.arabicStop.map(foldKey));
const AR_CUES = new Set(RULES.arabicPlaceCues.map(foldKey));
const RU_STOP = set(RULES.cyrillicStop);
const DIRECTIONAL = set(RULES.directionalPrefixes);
const DIR_NEAR = set(RULES.directionalNear);
const GENERIC = set(RULES.genericHeads);
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lady', 'lord', 'mister', 'madam', 'prof', 'rev']);
const AR_MARKERS = set(RULES.arabicNameMarkers);
/** Words that start a sentence but never a transliterated name ("The Russian" must not become "Tarusan"). */
const NON_NAME_START = new Set(['the', 'a', 'an', 'of', 'and', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'this', 'that', 'since', 'among', 'after', 'before', 'while', 'when', 'during']);
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'tells', 'added', 'explained', 'wrote', 'tweeted', 'argued', 'asked', 'replied', 'noted', 'stated', 'insisted', 'recalled', 'admitted', 'acknowledged', 'believes', 'thinks', 'wants', 'hopes', 'who', 'whose', 'himself', 'herself', 'smiled', 'laughed']);
const STRONG_CODES = new Set(['PCLI', 'CONT', 'RGN', 'ADM1', 'PPLC']);
const AIR_CODES = new Set(['AIRB', 'AIRP']);

/** Gap between two tokens that may sit inside one name: spaces, a hyphen, or the dot of "U.S." / "St.". */
function joinable(text: string, a: Token, b: Token): boolean {
  // One space, the usual gap, is joinable; no gap of more than three characters is.
  const len = b.start - a.end;
  if (len === 1 && text.charCodeAt(a.end) === 32) return true;
  if (len > 3) return false;
  const gap = text.slice(a.end, b.start);
  if (/^[ \u00a0]?[-–_]?[ \u00a0]?$/.test(gap) && gap.length <= 3) return true; // "al_Sham" in feeds that lost the hyphen
  // "U.S.", "N.M.", "St. Louis", "Mt. Hermon": only single capitals and the usual saint/mount/fort abbreviations.
  if (/^\.[ \u00a0]?$/.test(gap) && (/^\p{Lu}$/u.test(a.text) || /^(St|Ste|Mt|Ft|Pt)$/.test(a.text))) return true;
  if (/^['’]$/.test(gap)) return true;
  return false;
}

function nameLike(t: Token, first: boolean): boolean {
  if (t.script === 'arabic') return true;
  if (t.script === 'latin' || t.script === 'cyrillic') {
    if (t.cap) return true;
    const c = t.text.charCodeAt(0);
    if (c >= 48 && c <= 57) return !first; // /^\d/
    return !first && PARTICLES.has(t.lower);
  }
  return false;
}

export interface RecognizeOptions {
  /** Spans of actor mentions (organizations, armed groups): places inside them are marked embedded. */
  actorSpans?: { start: number; end: number }[];
  /** Spans of every actor mention, one-word names included. */
  actorNames?: { start: number; end: number }[];
}

interface WindowHit { hits: Hit[]; match: 'exact' | 'skeleton'; adjectival: boolean; abbreviation?: boolean }

/** A place that a spelling variant of its name may not hide: a province, capital or town of 20,000. */
const MAJOR_CODES = new Set(['PCLI', 'ADM1', 'PPLC', 'PPLA', 'PPLA2']);
const majorHit = (h: Hit): boolean => MAJOR_CODES.has(h.place.fcode) || h.place.pop >= 20_000;

/** The place's own name is the key but for a letter or two ("ar raqqah" / "ar raqqa"), not just the same skeleton
 *  ("riga"): Levenshtein distance at most 2, and at most a quarter of the key's length. */
export function closeSpelling(name: string, key: string): boolean {
  const f = foldKey(name);
  // "Al Qāmishlī" / "qamishli": the article does not count.
  const bare = f.replace(/^(al|el|as|ad|ar|an|at|az|ash) /, '');
  return editWithin(f, key) || (bare !== f && editWithin(bare, key.replace(/^(al|el|as|ad|ar|an|at|az|ash) /, '')));
}

function editWithin(a: string, key: string): boolean {
  const max = Math.min(2, Math.floor(key.length / 4));
  if (Math.abs(a.length - key.length) > max) return false;
  let prev = Array.from({ length: key.length + 1 }, (_x, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= key.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a.charCodeAt(i - 1) === key.charCodeAt(j - 1) ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return prev[key.length]! <= max;
}

function lookupWindow(p: KeyProbe, allowSkeleton: boolean, scriptCyrAr: boolean): WindowHit | null {
  // Adjectives first: "German" is Germany, not San Germán.
  let hits = p.adj;
  if (hits.length) return { hits, match: 'exact', adjectival: true };
  hits = p.exact;
  if (hits.length) {
    // Every village is in the gazetteer: "Ar-Raqqa" spelled exactly like two Yemeni hamlets must still reach the
    // Syrian city the transliteration key finds. Major places under the skeleton key join the exact ones.
    if (allowSkeleton && p.skeleton.length >= 3 && !hits.some(majorHit)) {
      const more = p.skHits.filter((h) => majorHit(h) && closeSpelling(h.place.name, p.key) && !hits.some((e) => e.place === h.place));
      // Judged as the transliteration guess it is ("Putin" is no Putian for a hamlet called Putin).
      if (more.length) return { hits: hits.concat(more), match: 'skeleton', adjectival: false };
    }
    return { hits, match: 'exact', adjectival: false };
  }
  if (!allowSkeleton) return null;
  if (p.skeleton.length < (scriptCyrAr ? 3 : 5)) return null;
  hits = p.skHits;
  if (hits.length) return { hits, match: 'skeleton', adjectival: false };
  if (scriptCyrAr) {
    hits = p.adjSkHits;
    if (hits.length) return { hits, match: 'skeleton', adjectival: true };
  }
  return null;
}

/** Cue phrases and head words as Maps: a plain-object lookup would also answer "constructor" or "toString"
 *  (Object.prototype's names) as if they were cues ("the constructor Aleppo"). */
const PRECEDING_CUES = new Map(Object.entries(RULES.precedingCues));
const PLACE_HEADS = new Map(Object.entries(RULES.placeHeads));

/** Every cue phrase ends with the word right before the name: the last words of the cues, so that most names
 *  (no cue word before them) skip building the phrases. */
const CUE_LAST_WORDS = new Set([...PRECEDING_CUES.keys()].map((c) => c.slice(c.lastIndexOf(' ') + 1)));

/** The last one, two and three words before token i (i >= 1), lowercased, joined by single spaces, longest first
 *  (for cue phrases like "the town of"); fewer words before i repeat the longest there is. */
function wordsBefore(tokens: Token[], i: number): [string, string, string] {
  const w1 = tokens[i - 1]!.lower;
  const w2 = i >= 2 ? `${tokens[i - 2]!.lower} ${w1}` : w1;
  const w3 = i >= 3 ? `${tokens[i - 3]!.lower} ${w2}` : w2;
  return [w3, w2, w1];
}

export function recognize(text: string, gz: Gazetteer, opts: RecognizeOptions = {}): RawMatch[] {
  const tokens = tokenize(text);
  const out: RawMatch[] = [];
  const maxN = RULES.maxWindowTokens;
  const persons = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    const t0 = tokens[i];
    // A Latin/Cyrillic name starts with a capital, or with a lowercase article glued to one ("al-Bab").
    let startOk = nameLike(t0, true);
    // "al-Bab", "al Bab", "as-Suwayda": a lowercase article may open a name; English look-alikes ("as", "an", "at")
    // only with a hyphen ("such as Cyprus" is not "as-Cyprus").
    if (!startOk && i + 1 < tokens.length && tokens[i + 1].cap && ARTICLES.has(t0.lower) && joinable(text, t0, tokens[i + 1]) &&
        (t0.lower === 'al' || t0.lower === 'el' || /^[-–]$/.test(text.slice(t0.end, tokens[i + 1].start)))) startOk = true;
    const lowerAdjective = !t0.cap && t0.script === 'cyrillic'; // Russian adjectives are lowercase ("российские")
    if (!startOk && !lowerAdjective) {
      i++;
      continue;
    }
    // All windows starting here that hit the gazetteer; the longest accepted one wins ("Bosnia and Herzegovina"
    // over "Bosnia"), and a rejected long window falls back to a shorter one ("The Russian" -> "Russian").
    const found: { n: number; r: WindowHit; key: string }[] = [];
    for (let n = 1; n <= maxN && i + n <= tokens.length; n++) {
      const last = tokens[i + n - 1];
      if (n > 1 && !joinable(text, tokens[i + n - 2], last)) break;
      if (n > 1 && !nameLike(last, false)) break;
      // A window may pass through particles ("Bosnia and Herzegovina") but never end on one.
      if (n > 1 && !last.cap && PARTICLES.has(last.lower) && last.script === 'latin') continue;
      const probe = gz.probe(foldKey(text.slice(t0.start, last.end)));
      const cyrAr = t0.script !== 'latin';
      if (lowerAdjective) {
        const h = probe.adj;
        const r = h.length ? { hits: h, match: 'exact' as const, adjectival: true } : (() => {
          const hs = probe.adjSkHits;
          return hs.length ? { hits: hs, match: 'skeleton' as const, adjectival: true } : null;
        })();
        if (r) found.push({ n, r, key: probe.key });
        break;
      }
      const skeletonOk = n <= 4 && (t0.cap || t0.script === 'arabic' || ARTICLES.has(t0.lower)) && !NON_NAME_START.has(t0.lower);
      // "Ga.", "N.Y.", "B.C.": dotted abbreviations count only with their final dot.
      if (text[last.end] === '.' && last.text.length <= 5) {
        const ab = probe.dotted;
        if (ab.length) found.push({ n, r: { hits: ab, match: 'exact', adjectival: false, abbreviation: true }, key: probe.key });
      }
      const r = lookupWindow(probe, skeletonOk, cyrAr);
      if (r) found.push({ n, r, key: probe.key });
      if (!probe.wordPrefix && !(n <= 3 && probe.skPrefix)) break;
    }
    // Longer before shorter ("Khan Shekhon" ~ Khan Shaykhun before "Khan"), abbreviations and exact before transliteration.
    found.sort((a, b) => (a.n !== b.n ? b.n - a.n : a.r.abbreviation ? -1 : b.r.abbreviation ? 1 : a.r.match === b.r.match ? 0 : a.r.match === 'exact' ? -1 : 1));
    let accepted: RawMatch | null = null;
    for (const best of found) {
      const first = tokens[i];
      const lastTok = tokens[i + best.n - 1];
      const end = best.r.abbreviation ? lastTok.end + 1 : lastTok.end;
      const m: RawMatch = {
        start: first.start, end, text: text.slice(first.start, end), hits: best.r.hits, match: best.r.match,
        adjectival: best.r.adjectival, air: best.r.hits.every((h) => AIR_CODES.has(h.place.fcode)), contextPrecision: null,
        rule: best.r.adjectival ? 'adjective' : best.r.match === 'exact' ? 'gazetteer' : 'gazetteer:transliteration', embedded: false,
        tokenIndex: i, tokenEnd: i + best.n, key: best.key, // the probe's key: foldKey(text.slice(first.start, lastTok.end))
      };
      if (best.r.abbreviation) m.rule = 'gazetteer:abbreviation';
      accepted = best.r.abbreviation ? m : judge(m, tokens, text, gz, opts);
      if (accepted) {
        accepted.script = tokens[i].script;
        // accepted.key is foldKey(accepted.text): a dotted abbreviation's final dot folds away.
        accepted.style = tokens[i].script === 'arabic' ? 'arabic' : tokens[i].script === 'cyrillic' ? 'cyrillic'
          : accepted.key.includes(' ') && accepted.key.split(' ').some((w) => AR_MARKERS.has(w)) ? 'arabic' : null;
        accepted.commaAfter = /^,[ \u00a0]?/.test(text.slice(accepted.end, accepted.end + 2));
        accepted.locative = i > 0 && LOCATIVE.has(tokens[i - 1]!.lower);
        break;
      }
      if ((m as RawMatch & { person?: boolean }).person) {
        persons.add(m.key);
        break;
      }
    }
    if (accepted) {
      out.push(accepted);
      i = accepted.tokenEnd;
    } else i++;
  }
  // Document-level propagation: a name used as a person's name anywhere is a person everywhere in the document.
  const kept = out.filter((m) => !(persons.has(m.key) && !m.adjectival && !m.hits.some((h) => STRONG_CODES.has(h.place.fcode))));
  for (let k = 0; k + 1 < kept.length; k++) {
    const gap = kept[k + 1]!.start - kept[k]!.end;
    if (gap > 0 && gap <= GAP_MAX) kept[k]!.gapAfter = text.slice(kept[k]!.end, kept[k + 1]!.start);
  }
  return kept;
}

/** Marks a match rejected as a person's name ("Laura Ingraham"): later "Ingraham" alone is her too. */
function reject(m: RawMatch, _why: 'person'): null {
  (m as RawMatch & { person?: boolean }).person = true;
  return null;
}

/** Applies context and rejection rules to one raw match; returns null to reject it. */
function judge(m: RawMatch, tokens: Token[], text: string, gz: Gazetteer, opts: RecognizeOptions): RawMatch | null {
  const first = tokens[m.tokenIndex];
  const next = tokens[m.tokenEnd];
  const prev = m.tokenIndex > 0 ? tokens[m.tokenIndex - 1] : undefined;
  const key = m.key; // foldKey(m.text)
  const single = m.tokenEnd - m.tokenIndex === 1;
  const strong = m.adjectival || m.hits.some((h) => STRONG_CODES.has(h.place.fcode) && h.place.pop >= 0);
  const scriptNonLatin = first.script !== 'latin';

  const allCaps = /^[\p{Lu}.\s&-]+$/u.test(m.text) && /\p{Lu}.*\p{Lu}/u.test(m.text);
  const countryLike = m.hits.some((h) => h.place.fcode === 'PCLI' || h.place.fcode === 'CONT' || h.place.fcode === 'RGN');
  // "US"/"UK"/"EU" in capitals are countries; "us" the pronoun is not. Other acronyms ("APC", "NAFTA") are not places.
  const dateline = allCaps && first.sentenceStart && /^\s*(,|\(|[-–—])/.test(text.slice(m.end, m.end + 3)) && m.hits.some((h) => h.place.pop >= 50_000);
  if (allCaps && first.script === 'latin' && m.text.replace(/[^\p{L}]/gu, '').length <= 5 && !dateline) {
    if (!(countryLike && m.match === 'exact')) return null;
  } else if (STOP.has(key)) return null;
  if (first.script === 'arabic' && (AR_STOP.has(key) || key.replace(/\s/g, '').length < 3)) return null;
  if (first.script === 'arabic' && single && !/^(ال|بال|وال|لل|فال|ب|و|ل)/.test(first.text)) {
    // Arabic has no capitals: a bare word ("حربية", military) is a place only after a place cue ("مدينة", "في", "ريف")
    // or when it names a major place.
    const cueBefore = prev && AR_CUES.has(foldKey(prev.text));
    const major = m.hits.some((h) => ['PCLI', 'ADM1', 'PPLC', 'PPLA', 'CONT', 'RGN'].includes(h.place.fcode));
    if (!cueBefore && !major) return null;
  }
  if (first.script === 'arabic' && single && m.hits.every((h) => h.volume > 0 && !h.user && !majorHit(h))) {
    // Every Syrian, Yemeni and Iraqi hamlet is in the country volumes, and many are named with everyday words
    // ("الطريق" the road, "حرب" war, "الشبكة" the network): a word that names only such hamlets is a place only
    // after a place cue ("قرية", "بلدة", "في", "بريف").
    const w = prev ? foldKey(prev.text) : '';
    if (!prev || !(AR_CUES.has(w) || (/^[وبلف]/.test(w) && AR_CUES.has(w.slice(1))))) return null;
  }
  if (first.script === 'cyrillic' && (RU_STOP.has(key) || key.length < 3)) return null;
  if (first.script === 'latin' && key.replace(/\s/g, '').length < 3 && !/^[A-Z]{2,}$/.test(m.text.replace(/\./g, ''))) return null;
  // All-caps short forms ("US", "UK", "EU") only when the text has them in capitals.
  if (m.match === 'skeleton' && (STOP.has(key) || NON_NAME_START.has(first.lower) || gz.commonWords.has(key))) return null;
  if (/^[a-z]{2,3}$/.test(key) && !/^[A-Z.]+$/.test(m.text)) {
    if (!m.hits.some((h) => h.place.pop > 50_000)) return null;
  }

  // "Bostan al-Qasr", "Khan al-Shih": the name goes on with an article and a capitalized word.
  const after2 = tokens[m.tokenEnd + 1];
  if (next && after2 && ARTICLES.has(next.lower) && after2.cap && joinable(text, tokens[m.tokenEnd - 1], next) && joinable(text, next, after2) && !strong) return null;
  // "Jabal" of "Jabal al-Akrad", "Tall" of "Tall Rifat": a generic word cut off from the rest of its name.
  if (single && GENERIC.has(key) && next && joinable(text, first, next) && (next.cap || ARTICLES.has(next.lower))) return null;

  // Context after the name: "X province", "X countryside", "X airbase", "X Post" (organization).
  const nextGapOk = next && /^[ \u00a0\-–]{1,2}$/.test(text.slice(m.end, next.start));
  if (next && nextGapOk) {
    const head = next.lower;
    const head2 = tokens[m.tokenEnd + 1] ? `${head} ${tokens[m.tokenEnd + 1].lower}` : head;
    const airWord = RULES.airWords.find((w) => w === head2 || w === head);
    if (airWord && !m.air) {
      // "the Abu Adduhor airbase": look up the airfield under the name + air word.
      const span = airWord.includes(' ') ? tokens[m.tokenEnd + 1] : next;
      const k = foldKey(text.slice(m.start, span.end));
      let hits = gz.lookup(k);
      let match: RawMatch['match'] = 'exact';
      if (!hits.length) {
        hits = gz.lookup(`~${skeletonKey(k)}`).filter((h) => AIR_CODES.has(h.place.fcode));
        match = 'skeleton';
      }
      if (hits.length) return { ...m, key: k, end: span.end, text: text.slice(m.start, span.end), hits, match, air: true, rule: `context:${airWord.replace(/ /g, '-')}`, contextPrecision: 'exact', tokenEnd: m.tokenEnd + (span === next ? 1 : 2) };
      m.contextPrecision = 'exact';
      m.rule = `context:${airWord.replace(/ /g, '-')}`;
    } else if (PLACE_HEADS.has(head)) {
      m.contextPrecision = PLACE_HEADS.get(head)!;
      m.rule = `context:x-${head}`;
    } else if (!strong && SPEECH_VERBS.has(head) && first.script === 'latin') {
      // "Johnson said", "Kelly told": minor place names do not speak; people do.
      return reject(m, 'person');
    } else if (next.cap && ORG_HEADS.has(head)) {
      m.embedded = true;
      m.rule = `embedded:${head}`;
    } else if (next.cap && TITLES.has(head)) {
      // "Atlanta Mayor Kasim Reed", "Saskatoon Police": the place qualifies an office.
      m.rule = 'modifier';
    } else if (next.cap && next.script === 'latin' && !m.adjectival && !strong && !gz.probe(foldKey(next.text)).exact.length &&
        !m.hits.some((h) => h.place.pop >= 100_000)) {
      // "Jordan Peterson", "Paris Hilton", "Orange County Register": a capitalized word after a minor place name
      // makes a person or a brand; not propagated (the same name alone may well be the place).
      return null;
    }
  }

  // Context before the name: "the town of X", "near X", "eastern X", "Mr. X", "Laura X".
  if (prev) {
    const gapBefore = text.slice(prev.end, m.start);
    // A cue counts only when just spaces separate it from the name.
    if (CUE_LAST_WORDS.has(prev.lower) && /^[ \u00a0]+$/.test(gapBefore)) for (const cue of wordsBefore(tokens, m.tokenIndex)) {
      const p = PRECEDING_CUES.get(cue);
      if (p) {
        if (!m.contextPrecision || p === 'near') m.contextPrecision = p;
        if (m.rule === 'gazetteer' || m.rule === 'gazetteer:transliteration') m.rule = `context:${cue.replace(/ /g, '-')}`;
        break;
      }
    }
    if (DIR_NEAR.has(prev.lower) && /^[ \u00a0\-]+$/.test(gapBefore)) {
      m.contextPrecision ??= 'near';
      if (m.rule.startsWith('gazetteer')) m.rule = 'context:directional';
    }
    const prevBare = prev.lower.replace(/\.$/, '');
    // "Mr. Jordan", "Dr. Florence": an honorific always makes a person; a job title ("General X") unless X is a country.
    if (HONORIFICS.has(prevBare) && /^\.?[ \u00a0]+$/.test(gapBefore) && !m.adjectival) return reject(m, 'person');
    if (TITLES.has(prevBare) && /^\.?[ \u00a0]+$/.test(gapBefore) && !strong) return reject(m, 'person');
    if (prev.cap && gz.firstNames.has(prev.lower) && /^[ \u00a0]$/.test(gapBefore) && !strong && !gz.probe(prev.lower).exact.some((h) => h.place.pop > 100_000)) return reject(m, 'person');
    if (prev.cap && !prev.sentenceStart && /^[ \u00a0-]$/.test(gapBefore) && !strong && !m.contextPrecision && GENERIC.has(prev.lower)) {
      // "Khan Tuman", "Jabal Al-Zawiya", "Seif Al-Dawla": the tail of a longer name the gazetteer lacks.
      return null;
    }
    if (prev.cap && !prev.sentenceStart && /^[ \u00a0]$/.test(gapBefore) && prev.script === 'latin' && !DIRECTIONAL.has(prev.lower) && !ARTICLES.has(prev.lower)) {
      // "Laura Ingraham", "Michael Jordan": a capitalized non-place word right before the name.
      const prevProbe = gz.probe(foldKey(prev.text));
      const prevIsPlace = prevProbe.exact.length > 0 || prevProbe.adj.length > 0;
      if (!prevIsPlace && !strong && !m.contextPrecision) return reject(m, 'person');
      if (!prevIsPlace && ORG_HEADS.has(prev.lower)) {
        m.embedded = true;
        m.rule = `embedded:${prev.lower}`;
      }
    }
  }

  // Everyday words that are also places ("Nice", "Reading", "Mobile", "Split"): need a strong reading or a cue.
  if (single && !scriptNonLatin && !m.adjectival) {
    const lvl = gz.commonWords.get(key);
    if (lvl !== undefined) {
      const cue = m.contextPrecision !== null;
      const bigPlace = m.hits.some((h) => h.place.pop >= 100_000 || STRONG_CODES.has(h.place.fcode));
      const country = m.hits.some((h) => h.place.fcode === 'PCLI' || h.place.fcode === 'CONT');
      const ok = cue || country || (strong && lvl >= 35 && !first.sentenceStart) || (lvl >= 35 && bigPlace && !first.sentenceStart);
      if (!ok) return null;
    }
    // A given name alone ("Kelly", "Thomas") is a person unless the place is big or the context says place.
    if (gz.firstNames.has(key) && !m.contextPrecision && !m.hits.some((h) => foldKey(h.place.name) === key && (h.place.pop >= 100_000 || h.place.fcode === 'PCLI'))) return null;
  }
  if (m.match === 'skeleton' && single && !m.contextPrecision) {
    // Transliteration matches of a single word need a place that matters (or a cue): "Peres" must not become Paris.
    if (!m.hits.some((h) => h.place.pop >= 1_000 || STRONG_CODES.has(h.place.fcode) || AIR_CODES.has(h.place.fcode))) return null;
    if (gz.commonWords.has(key)) return null;
  }

  // Inside an actor's name ("Idlib Military Council"), but not after a preposition in it ("rebels in Idlib").
  // The whole of an actor's name ("Al-Shabaab", "Hezbollah"), spelled like hamlets of the country volumes only: the actor.
  if (opts.actorNames?.some((a) => a.start === m.start && a.end === m.end) && m.hits.every((h) => h.volume > 0 && !h.user && !majorHit(h))) return null;
  if (opts.actorSpans?.some((a) => a.start <= m.start && a.end >= m.end && (a.end - a.start) > (m.end - m.start) &&
      !/\b(in|from|of|near|at|around)\s+(the\s+)?$/i.test(text.slice(a.start, m.start)))) {
    m.embedded = true;
    if (!m.rule.startsWith('embedded')) m.rule = 'embedded:actor';
  }
  return m;
}
