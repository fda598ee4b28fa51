/**
 * 43-numbers: every count in the text as a number mention with low / best / high.
 *   "5", "1,200", "twenty-one", "three hundred and five", "1.5 million"
 *   "more than 120" -> 121 (rule num:more-than: open above), "at least 5" (num:at-least), "up to 10" (num:up-to),
 *   "about 30" (num:about), "10-15" / "between 10 and 15" (num:range), "dozens" -> 12 (num:vague, ACLED convention).
 * Numbers that are measures or parts of names are skipped: "12.7mm", "3 p.m.", "Su-24", "30th", "9 May", "2020".
 * Data: lang/<xx>/numbers.json (compiled once per language into one regular expression).
 */
import type { Stage } from '../stage.js';
import type { Doc, MentionOf, NumberValue } from '../../model/document.js';
import { packFor } from '../lang/index.js';
import { pick, safeTest, twin, type Twin } from '../lang/regex-twin.js';
import { unitClass } from '../lang/unit-class.js';

interface NumbersData {
  units: Record<string, number>;
  tens: Record<string, number>;
  scales: Record<string, number>;
  vague: Record<string, [number, number, number]>;
  modifiers: Record<string, string>;
  rangeJoiners: string[];
  months: string[];
  notCountAfter: string[];
}

export type NumberModifier = 'exact' | 'more-than' | 'at-least' | 'up-to' | 'about' | 'range' | 'vague';

export interface NumberHit {
  start: number;
  end: number;
  text: string;
  value: NumberValue;
  modifier: NumberModifier;
}

interface Compiled {
  data: NumbersData;
  /** The count expression pattern and its non-`u` twin (lang/regex-twin.ts: same matches, several times faster). */
  re: Twin;
  /** May the twin run on this text? */
  safe: (text: string) => boolean;
  words: Map<string, number>;
  notCount: Set<string>;
  months: Set<string>;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const byLength = (a: string, b: string) => b.length - a.length;

const compiled = new Map<string, Compiled>();
function compile(lang: string | null): Compiled {
  const direct = compiled.get(`=${lang}`);
  if (direct) return direct;
  const pack = packFor(lang, 'numbers');
  const hit = compiled.get(pack.lang);
  if (hit) {
    compiled.set(`=${lang}`, hit);
    return hit;
  }
  const data = pack.data as NumbersData;
  const words = new Map<string, number>([...Object.entries(data.units), ...Object.entries(data.tens), ...Object.entries(data.scales)]);
  const wordAlt = [...words.keys()].sort(byLength).map(esc).join('|');
  const digit = String.raw`\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?`;
  // one number: digits (optionally "1.5 million") or a run of number words ("twenty-one", "three hundred and five")
  const word = `(?:${wordAlt})`;
  const one = `(?:(?:${digit})(?:\\s+(?:${Object.keys(data.scales).map(esc).join('|')}))?|${word}(?:(?:\\s+and\\s+|[\\s-]+)${word})*)`;
  const joiners = data.rangeJoiners.map((j) => (/\w/.test(j) ? `\\s+${esc(j)}\\s+` : `\\s*${esc(j)}\\s*`)).join('|');
  const mods = Object.keys(data.modifiers).sort(byLength).map(esc).join('|');
  const vague = Object.keys(data.vague).sort(byLength).map(esc).join('|');
  const src = [
    `(?<between>\\bbetween\\s+(?<b1>${one})\\s+(?:and|to|-)\\s+(?<b2>${one}))`,
    `(?:(?<mod>${mods})\\s+)?(?<n1>${one})(?:(?<join>${joiners})(?<n2>${one}))?`,
    `(?<vague>${vague})`,
  ].join('|');
  const re = twin(`(?<![\\p{L}\\p{N}.,-])(?:${src})(?![\\p{L}\\p{N}]|[.,]\\d)`, 'giu');
  const c: Compiled = { data, re, safe: safeTest([re]), words, notCount: new Set(data.notCountAfter.map((s) => s.toLowerCase())), months: new Set(data.months) };
  compiled.set(pack.lang, c);
  return c;
}

/** Value of one number expression ("1,200", "twenty-one", "three hundred and five", "1.5 million"); null if not a number. */
export function parseNumber(s: string, lang: string | null = 'en'): number | null {
  const c = compile(lang);
  const t = s.toLowerCase().trim();
  const m = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(\p{L}+))?$/u.exec(t);
  if (m) {
    const base = Number(m[1].replace(/,/g, ''));
    if (!m[2]) return base;
    const scale = c.data.scales[m[2]];
    return scale ? Math.round(base * scale) : null;
  }
  let total = 0;
  let current = 0;
  let any = false;
  for (const part of t.split(/[\s-]+/)) {
    if (part === 'and') continue;
    const v = c.words.get(part);
    if (v === undefined) return null;
    any = true;
    if (v >= 100) {
      current = (current || 1) * v;
      if (v >= 1000) {
        total += current;
        current = 0;
      }
    } else current += v;
  }
  return any ? total + current : null;
}

const LETTER = unitClass(/\p{L}/u);
const SPACE = unitClass(/\s/);

/**
 * The word after a number (lower case, one final "." dropped): /^[\s-]*([\p{L}%./']+)/u on the next 16 characters.
 * `plain` (the text has no surrogates) scans code units with class lookups instead; same answer.
 */
function nextWord(text: string, end: number, plain: boolean): string {
  if (!plain) {
    const m = /^[\s-]*([\p{L}%./']+)/u.exec(text.slice(end, end + 16));
    return m ? m[1].toLowerCase().replace(/\.$/, '') : '';
  }
  const lim = Math.min(text.length, end + 16);
  let i = end;
  while (i < lim && (SPACE(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i++;
  let j = i;
  for (; j < lim; j++) {
    const c = text.charCodeAt(j);
    if (!(LETTER(c) || c === 37 || c === 46 || c === 47 || c === 39)) break; // % . / '
  }
  if (j === i) return '';
  const w = text.slice(i, j).toLowerCase();
  return w.endsWith('.') ? w.slice(0, -1) : w;
}
/**
 * The word before a number (lower case): /([\p{L}]+)[\s]*$/u on the previous 16 characters, i.e. the run of letters
 * just before the trailing white space. `plain` as in nextWord.
 */
function prevWord(text: string, start: number, plain: boolean): string {
  const from = Math.max(0, start - 16);
  if (!plain) {
    const m = /([\p{L}]+)[\s]*$/u.exec(text.slice(from, start));
    return m ? m[1].toLowerCase() : '';
  }
  let e = start;
  while (e > from && SPACE(text.charCodeAt(e - 1))) e--;
  let b = e;
  while (b > from && LETTER(text.charCodeAt(b - 1))) b--;
  return b < e ? text.slice(b, e).toLowerCase() : '';
}

/** Find count expressions in `text` (pure; used by the stage and the field resolvers). */
export function findNumbers(text: string, lang: string | null = 'en'): NumberHit[] {
  const c = compile(lang);
  const plain = c.safe(text);
  const re = pick(c.re, plain);
  const out: NumberHit[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    const after = nextWord(text, end, plain);
    const before = prevWord(text, start, plain);
    // dates ("9 May", "May 9", "2020"), measures ("12.7mm", "5 km"), ordinals, names ("Su-24", "B-10")
    if (c.months.has(after) || c.months.has(before)) continue;
    if (c.notCount.has(after)) continue;
    if (/(?:^|\D)(?:19|20)\d\d(?:$|\D)/.test(m[0]) && /^(?:19|20)\d\d(?:\s*[-–\/]\s*(?:19|20)?\d\d)?$/.test(m[0].trim())) continue; // years, "2019-2020"
    if (/[\p{L}][-]?$/u.test(text.slice(Math.max(0, start - 2), start)) && /^\d/.test(m[0])) continue;
    if (/^\d/.test(m[0]) && /^(?:st|nd|rd|th)\b/i.test(text.slice(end, end + 3))) continue;
    if (/^\d/.test(m[0]) && /^[:/]\d/.test(text.slice(end, end + 2))) continue; // times and dates "10:30", "5/9"
    let value: NumberValue;
    let modifier: NumberModifier = 'exact';
    if (g.vague) {
      const [low, best, high] = c.data.vague[g.vague.toLowerCase().replace(/\s+/g, ' ')] ?? [0, 0, 0];
      if (!low) continue;
      value = { low, best, high, approximate: true };
      modifier = 'vague';
    } else if (g.between) {
      const a = parseNumber(g.b1, lang), b = parseNumber(g.b2, lang);
      if (a === null || b === null) continue;
      value = { low: Math.min(a, b), best: Math.min(a, b), high: Math.max(a, b), approximate: true };
      modifier = 'range';
    } else {
      const a = parseNumber(g.n1, lang);
      if (a === null) continue;
      if (g.n2) {
        const b = parseNumber(g.n2, lang);
        const joinIsOr = /\bor\b/i.test(g.join ?? '');
        // "10-15" is a range; "2-1" or "1990-2000" is not a count range
        if (b === null || b <= a || (g.join?.trim() === '-' && !joinIsOr && b > a * 20)) {
          // keep just the first number
          re.lastIndex = start + (g.mod ? m[0].indexOf(g.n1) : 0) + g.n1.length;
          value = { low: a, best: a, high: a, approximate: false };
          out.push(withMod(text, start, start + (g.mod ? m[0].indexOf(g.n1) : 0) + g.n1.length, value, g.mod, c));
          continue;
        }
        value = { low: a, best: a, high: b, approximate: true };
        modifier = 'range';
      } else value = { low: a, best: a, high: a, approximate: false };
      if (g.mod) {
        const h = withMod(text, start, end, value, g.mod, c);
        out.push(h);
        continue;
      }
    }
    out.push({ start, end, text: m[0], value, modifier });
  }
  return out;
}

function withMod(text: string, start: number, end: number, v: NumberValue, mod: string | undefined, c: Compiled): NumberHit {
  const kind = (mod ? c.data.modifiers[mod.toLowerCase().replace(/\s+/g, ' ')] : 'exact') as NumberModifier | undefined;
  const value = { ...v };
  switch (kind) {
    case 'more-than':
      value.low = Number.isInteger(v.low) ? v.low + 1 : v.low;
      value.best = value.low;
      value.high = Math.max(v.high, value.low);
      value.approximate = true;
      break;
    case 'at-least':
    case 'about':
    case 'up-to':
      value.approximate = true;
      break;
    default:
      break;
  }
  return { start, end, text: text.slice(start, end), value, modifier: kind ?? 'exact' };
}

export function numberMentions(doc: Doc): MentionOf<'number'>[] {
  const hits = findNumbers(doc.text, doc.language);
  const out: MentionOf<'number'>[] = [];
  let s = 0;
  for (const h of hits) {
    while (s < doc.sentences.length - 1 && doc.sentences[s].end <= h.start) s++;
    out.push({ kind: 'number', start: h.start, end: h.end, text: h.text, rule: `num:${h.modifier}`, sentence: doc.sentences[s]?.index ?? 0, value: h.value });
  }
  return out;
}

export const numbersStage: Stage = {
  name: '43-numbers',
  reads: ['text', 'sentences', 'language'],
  adds: ['mentions:number'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...numberMentions(doc)] }),
};
