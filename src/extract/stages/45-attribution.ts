/**
 * 45-attribution: hedges and sources.
 *  - attribution mentions: "was accused of" / "allegedly" (alleged), "claimed responsibility" (claimed), "denied",
 *    "reportedly" / "according to" (reported), "confirmed"; official silence ("has not commented",
 *    "not mentioned by any official source") and official confirmation get their own rules.
 *  - source-cue mentions: who reports it ("SOHR", "activists", "independent media", "social media channels",
 *    "observers", "the Defence Ministry") with a kind.
 * Data: lang/<xx>/hedges.json and lang/<xx>/sources.json. English phrases are literal (AliasMatcher); a pack that
 * says "syntax": "phrases" (ar, ru) is compiled with the token PhraseMatcher instead, which folds Arabic clitics
 * ("وأفاد" matches "افاد") and Russian endings ("обвин*" matches "обвинили").
 */
import { spend } from '../budget.js';
import type { Stage } from '../stage.js';
import type { AttributionValue, Doc, MentionOf, SourceCueValue } from '../../model/document.js';
import { packFor } from '../lang/index.js';
import { AliasMatcher } from '../../lexicons/index.js';
import { PhraseMatcher, tokenize, type Token } from '../classify/phrase-matcher.js';

interface HedgeData {
  syntax?: 'literal' | 'phrases';
  cues: Record<AttributionValue['status'], string[]>;
  officialSilent: string[];
  officialConfirm: string[];
}
interface SourceData {
  syntax?: 'literal' | 'phrases';
  sources: { name: string; kind: SourceCueValue['kind']; phrases: string[] }[];
}
interface Cue {
  status: AttributionValue['status'];
  rule: string;
}
/** What both matchers give: non-overlapping hits, the longest kept where they overlap. */
interface Finder<T> {
  /** `tokens`: tokenize(text), when the caller already has them (both phrase lexicons read the same tokens);
   * their offsets may be `shift` more than offsets in `text` (the document's tokens of one sentence). */
  find(text: string, tokens?: Token[], shift?: number): { start: number; end: number; text: string; entry: T }[];
}
interface Compiled {
  hedges: Finder<Cue>;
  sources: Finder<SourceCueValue>;
  /** Either lexicon is in phrase syntax: tokenize the text once for both. */
  tokens: boolean;
}

/**
 * A phrase-syntax lexicon as a Finder. Every phrase gets its own entry object (PhraseMatcher keeps one match per
 * entry and start), then overlapping matches are reduced to the longest, earliest first, as AliasMatcher does.
 */
function phraseFinder<T>(items: { alias: string; entry: T }[]): Finder<T> {
  const m = new PhraseMatcher<{ entry: T }>();
  for (const it of items) m.add(it.alias, { entry: it.entry });
  return {
    find(text: string, tokens?: Token[], shift = 0) {
      const hits = m.match(tokens ?? tokenize(text)).sort((a, b) => a.start - b.start || b.end - a.end);
      const out: { start: number; end: number; text: string; entry: T }[] = [];
      for (const h of hits) {
        const start = h.start - shift;
        const end = h.end - shift;
        const last = out[out.length - 1];
        if (last && start < last.end) {
          if (end - start > last.end - last.start) out[out.length - 1] = { start, end, text: text.slice(start, end), entry: h.entry.entry };
          continue;
        }
        out.push({ start, end, text: text.slice(start, end), entry: h.entry.entry });
      }
      return out;
    },
  };
}

const cache = new Map<string, Compiled>();
function compile(lang: string | null): Compiled {
  const h = packFor(lang, 'hedges');
  const key = h.lang;
  const hit = cache.get(key);
  if (hit) return hit;
  const hd = h.data as HedgeData;
  const sd = packFor(lang, 'sources').data as SourceData;
  const items: { alias: string; entry: Cue }[] = [];
  // official silence / confirmation first: they are longer phrases and win over "confirmed" alone
  for (const p of hd.officialSilent) items.push({ alias: p, entry: { status: 'reported', rule: 'attribution:official-silent' } });
  for (const p of hd.officialConfirm) items.push({ alias: p, entry: { status: 'confirmed', rule: 'attribution:official-confirmed' } });
  for (const [status, list] of Object.entries(hd.cues) as [AttributionValue['status'], string[]][]) {
    for (const p of list) items.push({ alias: p, entry: { status, rule: `attribution:${status}` } });
  }
  const src: { alias: string; entry: SourceCueValue }[] = [];
  for (const s of sd.sources) for (const p of s.phrases) src.push({ alias: p, entry: { name: s.name, kind: s.kind } });
  const c = {
    hedges: hd.syntax === 'phrases' ? phraseFinder(items) : new AliasMatcher(items),
    sources: sd.syntax === 'phrases' ? phraseFinder(src) : new AliasMatcher(src),
    tokens: hd.syntax === 'phrases' || sd.syntax === 'phrases',
  };
  cache.set(key, c);
  return c;
}

export interface AttributionHits {
  attribution: { start: number; end: number; text: string; value: AttributionValue; rule: string }[];
  sources: { start: number; end: number; text: string; value: SourceCueValue; rule: string }[];
}

export function findAttribution(text: string, lang: string | null = 'en'): AttributionHits {
  const c = compile(lang);
  return findWith(c, text, c.tokens ? tokenize(text) : undefined, 0);
}

function findWith(c: Compiled, text: string, tokens: Token[] | undefined, shift: number): AttributionHits {
  return {
    attribution: c.hedges.find(text, tokens, shift).map((h) => ({ start: h.start, end: h.end, text: h.text, value: { status: h.entry.status }, rule: h.entry.rule })),
    sources: c.sources.find(text, tokens, shift).map((h) => ({ start: h.start, end: h.end, text: h.text, value: h.entry, rule: `source:${h.entry.kind}` })),
  };
}

/**
 * The tokens of doc text [start, end) taken from the document's tokens (40-triggers tokenized the whole text; tokenize
 * keeps the last result), or null when a token crosses either end: then the slice tokenizes differently.
 * A token depends only on its own characters and on where the word starts and stops, so inside the slice the
 * document's tokens are the slice's tokens, offsets shifted by `start`.
 */
function tokensWithin(tokens: Token[], start: number, end: number): Token[] | null {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  let j = lo;
  while (j < tokens.length && tokens[j]!.start < end) j++;
  if (lo > 0 && tokens[lo - 1]!.end > start) return null;
  if (j > lo && tokens[j - 1]!.end > end) return null;
  return tokens.slice(lo, j);
}

export function attributionMentions(doc: Doc): (MentionOf<'attribution'> | MentionOf<'source-cue'>)[] {
  const out: (MentionOf<'attribution'> | MentionOf<'source-cue'>)[] = [];
  const c = compile(doc.language);
  const docTokens = c.tokens ? tokenize(doc.text) : null;
  for (const s of doc.sentences) {
    spend(1 + ((s.end - s.start) >> 6)); // budget: about one unit per 64 characters
    const text = doc.text.slice(s.start, s.end);
    const own = docTokens && tokensWithin(docTokens, s.start, s.end);
    const r = own ? findWith(c, text, own, s.start) : findWith(c, text, c.tokens ? tokenize(text) : undefined, 0);
    for (const h of r.attribution) out.push({ kind: 'attribution', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
    for (const h of r.sources) out.push({ kind: 'source-cue', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
  }
  return out;
}

export const attributionStage: Stage = {
  name: '45-attribution',
  reads: ['text', 'sentences', 'language'],
  adds: ['mentions:attribution', 'mentions:source-cue'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...attributionMentions(doc)] }),
};
