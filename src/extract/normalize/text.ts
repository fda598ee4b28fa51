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

/**
 * The next offset at or after `from` holding a character `stop` accepts, or text.length. Callers ask with growing
 * `from`; the answer is remembered, and an answer found from an earlier offset holds for every offset up to it, so
 * a text of n characters is scanned once however many questions are asked (a regex scan from every "[" of
 * "[[[[..." to the end of the line was quadratic).
 */
function nextFinder(text: string, stop: (c: number) => boolean): (from: number) => number {
  return nextWhere(text.length, (i) => stop(text.charCodeAt(i)));
}

/** nextFinder over offsets: the next offset i >= from (< length) where `stop(i)`, or length. */
function nextWhere(length: number, stop: (i: number) => boolean): (from: number) => number {
  let asked = -1;
  let found = -1;
  return (from) => {
    if (from >= asked && from <= found) return found;
    let i = from;
    while (i < length && !stop(i)) i++;
    asked = from;
    found = i;
    return i;
  };
}

/**
 * Links and images, same length: `![alt](url)` blanked, `[label](url)` -> ` label` + blanks. The same matches, left
 * to right, as the regular expressions /!\[([^\]\n]*)\]\(([^)\n]*)\)/g and /\[([^\]\n]+)\]\(([^)\n]*)\)/g, found
 * in linear time: a label runs to the next "]" or line end, a URL to the next ")" or line end.
 */
function replaceLinks(text: string, image: boolean): string {
  if (!text.includes('](')) return text;
  const closeLabel = nextFinder(text, (c) => c === 93 /* ] */ || c === 10);
  const closeUrl = nextFinder(text, (c) => c === 41 /* ) */ || c === 10);
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const open = image ? i + 1 : i;
    if ((image && text.charCodeAt(i) !== 33 /* ! */) || text.charCodeAt(open) !== 91 /* [ */) continue;
    const j = closeLabel(open + 1);
    if (j >= text.length || text.charCodeAt(j) !== 93 || text.charCodeAt(j + 1) !== 40 /* ( */) continue;
    if (!image && j === open + 1) continue; // a link label has at least one character
    const k = closeUrl(j + 2);
    if (k >= text.length || text.charCodeAt(k) !== 41) continue;
    out += text.slice(copied, i) + (image ? blank(text.slice(i, k + 1)) : ` ${text.slice(open + 1, j)}${blank(text.slice(j, k + 1))}`);
    copied = k + 1;
    i = k;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const isSpaceChar = (c: number): boolean => SPACE_RE.test(String.fromCharCode(c));
const SPACE_RE = /\s/;

/**
 * Bold, same length: `**text**` / `__text__` -> the text between blanks. The same matches as
 * /(\*\*|__)(?=\S)([^\n]*?\S)\1/g in linear time: the closer is the first of the same pair after the opener's first
 * character, preceded by a non-space, on the same line (the regex tried every end up to the line's end for every
 * opener that never closes: quadratic on "**a **a **a ...").
 */
function replaceBold(text: string): string {
  if (!text.includes('**') && !text.includes('__')) return text;
  const lineEnd = nextFinder(text, (c) => c === 10);
  // a closer: the pair starts here and the character before it is not a space
  const closer = (ch: number) => nextWhere(text.length, (i) => text.charCodeAt(i) === ch && text.charCodeAt(i + 1) === ch && !isSpaceChar(text.charCodeAt(i - 1)));
  const closers = { '**': closer(42), __: closer(95) };
  const closerAt = (d: '**' | '__', from: number): number => closers[d](from);
  let out = '';
  let copied = 0;
  for (let s = 0; s + 1 < text.length; s++) {
    const c = text.charCodeAt(s);
    if ((c !== 42 && c !== 95) || text.charCodeAt(s + 1) !== c) continue;
    if (s + 2 >= text.length || isSpaceChar(text.charCodeAt(s + 2))) continue; // (?=\S)
    const d = c === 42 ? '**' : '__';
    const q = closerAt(d, s + 3);
    if (q >= text.length || lineEnd(s + 2) < q) continue;
    out += text.slice(copied, s) + blank(d) + text.slice(s + 2, q) + blank(d);
    copied = q + 2;
    s = q + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Light Markdown cleanup, same length: heading marks, emphasis, code ticks, link/image syntax, list bullets, quotes. */
export function cleanMarkdown(text: string): string {
  const linked = replaceLinks(replaceLinks(text, true), false);
  const marked = linked
    .replace(/^( {0,3})(#{1,6})(?= )/gm, (_m, sp: string, h: string) => sp + blank(h))
    .replace(/^( {0,3})([-*+]|>+)(?= )/gm, (_m, sp: string, b: string) => sp + blank(b))
    .replace(/^ {0,3}([-*_])( ?\1){2,} *$/gm, (m) => blank(m)); // horizontal rules
  return replaceBold(marked)
    .replace(/(^|[\s(])([*_])(?=\S)([^*_\n]*?\S)\2(?=[\s).,;:!?]|$)/gm, (_m, pre: string, d: string, inner: string) => pre + ' ' + inner + ' ')
    .replace(/`+/g, (m) => blank(m));
}

/** Does the text hold a link `[label](url)` (url without spaces): /\[[^\]\n]+\]\([^)\s]+\)/ in linear time. */
function hasLink(text: string): boolean {
  if (!text.includes('](')) return false;
  const closeLabel = nextFinder(text, (c) => c === 93 || c === 10);
  let tried = -1; // the label end whose URL was already looked at ("[[[[a](x y": every "[" ends at the same "]")
  for (let i = text.indexOf('['); i >= 0 && i < text.length; i = text.indexOf('[', i + 1)) {
    const j = closeLabel(i + 1);
    if (j === i + 1 || j >= text.length || text.charCodeAt(j) !== 93 || text.charCodeAt(j + 1) !== 40 || j === tried) continue;
    tried = j;
    let k = j + 2;
    while (k < text.length && text.charCodeAt(k) !== 41 && !isSpaceChar(text.charCodeAt(k))) k++;
    if (k > j + 2 && text.charCodeAt(k) === 41) return true;
  }
  return false;
}

/** Heuristic: Markdown headings, links or emphasis in the first part of the text. */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, 20000);
  // a score of 2 needs a heading "#", a link "[" or bold "**": without "#", "[" and "*" only the list rule can score
  if (!/[#[*]/.test(head)) return false;
  let score = 0;
  if (/^#{1,6} \S/m.test(head)) score += 2;
  if (hasLink(head)) score += 2;
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
  // A run of more than 30 combining marks (Unicode's stream-safe limit, UAX #15) is no writing: ICU reorders such a run
  // by insertion sort, quadratic in its length (a 524 KB flood of marks took a minute). Such runs are normalized in
  // pieces of 30 marks; text without them is normalized exactly as before.
  const flood = LONG_MARK_RUN.test(text);
  if (!flood && text.normalize('NFC') === text) return null;
  const out = new MappedText();
  // Normalize cluster by cluster (a starter plus its combining marks) so every output char maps to its cluster.
  const re = /[^\p{M}][\p{M}]*|[\p{M}]+/gsu;
  let m: RegExpExecArray | null;
  let changed = false;
  while ((m = re.exec(text)) !== null) {
    const cluster = m[0];
    // pieces of at most 31 code points (a starter and 30 marks, then 30 marks at a time); one piece without a flood
    const pieces = flood && cluster.length > MAX_MARKS ? piecesOf(cluster) : [cluster];
    let at = m.index;
    for (const seg of pieces) {
      const norm = seg.normalize('NFC');
      if (norm === seg) out.copy(seg, at);
      else {
        out.put(norm, at);
        changed = true;
      }
      at += seg.length;
    }
  }
  return changed || !flood ? out.finish() : null;
}

const MAX_MARKS = 30;
const LONG_MARK_RUN = /\p{M}{31}/u;

/** A cluster cut after its starter and every 30 code points (marks above the BMP are never split in half). */
function piecesOf(cluster: string): string[] {
  const cps = Array.from(cluster);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += MAX_MARKS + (i === 0 ? 1 : 0)) out.push(cps.slice(i, i + MAX_MARKS + (i === 0 ? 1 : 0)).join(''));
  return out;
}

/**
 * Arabic words stretched or broken to slip past platform filters, joined again (with an offset map):
 *   "قـ.ـوات" -> "قوات", "الشـ..هيد" -> "الشهيد", "بطـ ـيران" -> "بطيران", "حر*اس" -> "حراس", "الشـهيد" -> "الشهيد",
 *   "الشهد.اء" -> "الشهداء", "الصا.روخ" -> "الصاروخ".
 * Only inside a word: a tatweel run (U+0640), optionally with dots or stars, or stars alone, between two Arabic
 * letters; dots alone only when a side is a fragment of at most 3 letters ("الشهد.اء"): two whole words joined by a
 * full stop with no space ("الجملة.بداية") are a missing space after a sentence, left alone.
 */
const AR_LETTER = '[\\u0621-\\u063A\\u0641-\\u064A]';
const AR_OBFUSCATION = new RegExp(`(?<=${AR_LETTER})(?:\\u0640+ \\u0640+|\\u0640+(?:[.*]+\\u0640*)?|[.*]+\\u0640+|\\*+|(?<dots>\\.+))(?=${AR_LETTER})`, 'g');
const AR_RUN_BEFORE = new RegExp(`${AR_LETTER}+$`);
const AR_RUN_AFTER = new RegExp(`^${AR_LETTER}+`);
/** Letters of the word fragments on each side of a dot run at [start, end). */
function fragmentIsShort(text: string, start: number, end: number): boolean {
  const before = AR_RUN_BEFORE.exec(text.slice(Math.max(0, start - 8), start))?.[0].length ?? 0;
  const after = AR_RUN_AFTER.exec(text.slice(end, end + 8))?.[0].length ?? 0;
  return before <= 3 || after <= 3;
}
export function joinArabicObfuscation(text: string): { text: string; map: Int32Array } | null {
  if (!text.includes('\u0640') && !text.includes('*') && !text.includes('.')) return null;
  AR_OBFUSCATION.lastIndex = 0;
  const out = new MappedText();
  let at = 0;
  let changed = false;
  let m: RegExpExecArray | null;
  while ((m = AR_OBFUSCATION.exec(text)) !== null) {
    if (m.groups?.dots && !fragmentIsShort(text, m.index, m.index + m[0].length)) continue;
    out.copy(text.slice(at, m.index), at);
    at = m.index + m[0].length;
    changed = true;
  }
  if (!changed) return null;
  out.copy(text.slice(at), at);
  return out.finish();
}
