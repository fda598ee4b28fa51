/**
 * Plain-text cleanup that keeps offsets: every rule below replaces characters with the same number
 * of characters (usually spaces), so spans into the cleaned text are spans into the input as well.
 * Only Unicode NFC can change length; then a map is built (see normalizeNfc).
 */
import { MappedText } from './builder.js';
import { pick, safeTest, twin, type Twin } from '../lang/regex-twin.js';

export interface BoilerplateRules {
  lines: RegExp;
  maxLineChars: number;
  /** `lines` with its non-`u` twin (lang/regex-twin.ts) and the test of the texts it may run on. */
  twin?: Twin;
  safe?: (text: string) => boolean;
}

interface BoilerplateData {
  maxLineChars?: number;
  lines: string[];
}

/** Compile boilerplate line patterns (from one or more language packs) into one anchored regex. */
export function compileBoilerplate(packs: (BoilerplateData | null)[]): BoilerplateRules {
  const src: string[] = [];
  let max = 0;
  for (const p of packs) {
    if (!p) continue;
    src.push(...p.lines);
    max = Math.max(max, p.maxLineChars ?? 160);
  }
  const body = src.length ? src.map((s) => `(?:${s})`).join('|') : '(?!)';
  const t = twin(`^(?:${body})$`, 'iu');
  return { lines: t.unicode, maxLineChars: max || 160, twin: t, safe: safeTest([t]) };
}

// Characters replaced by a space: tabs, CR, NBSP and other space separators, zero-width marks, BOM, C0/C1 controls
// (\n is kept). U+2028/2029 become newlines.
// eslint-disable-next-line no-control-regex
const ODD_SPACE = /[\t\r\u000b\u000c\u0085\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

const ANY_ODD = new RegExp(`${ODD_SPACE.source.slice(0, -1)}\u2028\u2029]`);

export function cleanSpaces(text: string): string {
  // one scan for the common case of nothing to clean
  if (!ANY_ODD.test(text)) return text;
  return text.replace(ODD_SPACE, ' ').replace(/[\u2028\u2029]/g, '\n');
}

/** Blank out whole lines that are page furniture ("Image Credit:", "Share this", cookie notices). */
export function dropBoilerplate(text: string, rules: BoilerplateRules): { text: string; dropped: number } {
  let dropped = 0;
  const re = rules.twin && rules.safe ? pick(rules.twin, rules.safe(text)) : rules.lines;
  const out = text.replace(/[^\n]+/g, (line) => {
    const t = line.trim();
    if (!t || t.length > rules.maxLineChars) return line;
    if (re.test(t)) {
      dropped++;
      return ' '.repeat(line.length);
    }
    return line;
  });
  return { text: out, dropped };
}

const blank = (s: string): string => ' '.repeat(s.length);

/** Light Markdown cleanup, same length: heading marks, emphasis, code ticks, link/image syntax, list bullets, quotes. */
export function cleanMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]\n]*)\]\(([^)\n]*)\)/g, (m) => blank(m)) // images
    .replace(/\[([^\]\n]+)\]\(([^)\n]*)\)/g, (_m, label: string, url: string) => ` ${label}${blank(`](${url})`)}`)
    .replace(/^( {0,3})(#{1,6})(?= )/gm, (_m, sp: string, h: string) => sp + blank(h))
    .replace(/^( {0,3})([-*+]|>+)(?= )/gm, (_m, sp: string, b: string) => sp + blank(b))
    .replace(/^ {0,3}([-*_])( ?\1){2,} *$/gm, (m) => blank(m)) // horizontal rules
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, (_m, d: string, inner: string) => blank(d) + inner + blank(d))
    .replace(/(^|[\s(])([*_])(?=\S)([^*_\n]*?\S)\2(?=[\s).,;:!?]|$)/gm, (_m, pre: string, d: string, inner: string) => pre + ' ' + inner + ' ')
    .replace(/`+/g, (m) => blank(m));
}

/** Heuristic: Markdown headings, links or emphasis in the first part of the text. */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, 20000);
  // a score of 2 needs a heading "#", a link "[" or bold "**": without "#", "[" and "*" only the list rule can score
  if (!/[#[*]/.test(head)) return false;
  let score = 0;
  if (/^#{1,6} \S/m.test(head)) score += 2;
  if (/\[[^\]\n]+\]\([^)\s]+\)/.test(head)) score += 2;
  if (/\*\*[^*\n]+\*\*/.test(head)) score += 1;
  if (/^[-*] \S/m.test(head)) score += 1;
  return score >= 2;
}

const NOT_BELOW_0300 = /[^\u0000-\u02ff]/;

/** Unicode NFC with an offset map; returns null when the text is already NFC (the common case). */
export function normalizeNfc(text: string): { text: string; map: Int32Array } | null {
  // Below U+0300 every character is NFC-stable and none combines with a neighbour (combining marks, Hangul jamo and
  // the NFC_QC=No singletons all lie above), so such a text (any English report) is NFC without asking ICU.
  if (!NOT_BELOW_0300.test(text)) return null;
  if (text.normalize('NFC') === text) return null;
  const out = new MappedText();
  // Normalize cluster by cluster (a starter plus its combining marks) so every output char maps to its cluster.
  const re = /[^\p{M}][\p{M}]*|[\p{M}]+/gsu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const seg = m[0];
    const norm = seg.normalize('NFC');
    if (norm === seg) out.copy(seg, m.index);
    else out.put(norm, m.index);
  }
  return out.finish();
}

/**
 * Arabic words stretched or broken to slip past platform filters, joined again (with an offset map):
 *   "قـ.ـوات" -> "قوات", "الشـ..هيد" -> "الشهيد", "بطـ ـيران" -> "بطيران", "حر*اس" -> "حراس", "الشـهيد" -> "الشهيد".
 * Only inside a word: a tatweel run (U+0640), optionally with dots or stars, or stars alone, between two Arabic letters.
 * A plain full stop between letters ("كلمة.كلمة") is left alone: it may end a sentence. Null when nothing changes.
 */
const AR_OBFUSCATION = /(?<=[\u0621-\u063A\u0641-\u064A])(?:\u0640+ \u0640+|\u0640+(?:[.*]+\u0640*)?|[.*]+\u0640+|\*+)(?=[\u0621-\u063A\u0641-\u064A])/g;
export function joinArabicObfuscation(text: string): { text: string; map: Int32Array } | null {
  if (!text.includes('\u0640') && !text.includes('*')) return null;
  AR_OBFUSCATION.lastIndex = 0;
  if (!AR_OBFUSCATION.test(text)) return null;
  AR_OBFUSCATION.lastIndex = 0;
  const out = new MappedText();
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = AR_OBFUSCATION.exec(text)) !== null) {
    out.copy(text.slice(at, m.index), at);
    at = m.index + m[0].length;
  }
  out.copy(text.slice(at), at);
  return out.finish();
}
