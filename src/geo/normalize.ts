/**
 * Name keys for the gazetteer index. Two levels:
 *  - foldKey: NFD-folded, lowercased, punctuation -> space ("Sarāqib" -> "saraqib", "Deir ez-Zor" -> "deir ez zor").
 *  - skeletonKey: transliteration-tolerant key ("Saraqeb", "Sarakib", "Saraqib" -> "sarakab";
 *    "Abu Adduhor" and "Abu al-Duhur" -> "abudahur"), used only with extra support because it collides more.
 * The same functions run at build time (scripts/build-gazetteer.ts) and at lookup time, so both sides agree.
 */

/** Letters that NFD does not decompose. */
const SPECIAL: Record<string, string> = {
  'ı': 'i', 'ß': 'ss', 'ø': 'o', 'Ø': 'o', 'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l', 'æ': 'ae', 'Æ': 'ae',
  'œ': 'oe', 'Œ': 'oe', 'þ': 'th', 'ð': 'd', 'ħ': 'h', 'ŧ': 't', 'ё': 'е', 'Ё': 'е', 'ə': 'a', 'Ə': 'a',
};

/** Arabic letter variants folded to one form (alef with hamza/madda -> alef, ta marbuta -> ha, alef maqsura -> ya). */
const ARABIC: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي', 'ـ': '',
};

// Combining marks, Arabic harakat/tanween/shadda/sukun and superscript alef.
const MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed]/g;
// Apostrophe-like signs inside names (ayn/hamza transliterations: Ma'arrat, Ma‘arrat, Maʿarrat) vanish.
const APOS = /['’‘`ʿʾʻʼ´]/g;

/**
 * Memo of recent keys outside the simple alphabets: NFD + five replaces cost far more than a lookup. Names in
 * ASCII and basic Arabic are folded directly (foldSimple): one pass over the characters is cheaper than hashing the
 * name for the memo. Bounded: cleared at MEMO_MAX entries.
 */
const MEMO_MAX = 20_000;
const foldMemo = new Map<string, string>();
const skeletonMemo = new Map<string, string>();

export function foldKey(s: string): string {
  const simple = foldSimple(s);
  if (simple !== null) return simple;
  // Only short inputs are kept: V8 copies substrings under 13 characters, while a longer slice of a document
  // would keep the whole document alive in the memo.
  if (s.length > 12) return foldGeneral(s);
  let out = foldMemo.get(s);
  if (out !== undefined) return out;
  out = foldGeneral(s);
  if (foldMemo.size >= MEMO_MAX) foldMemo.clear();
  foldMemo.set(s, out);
  return out;
}

/**
 * foldUncached for names in printable ASCII and the basic Arabic letters (U+0621-U+064A) with their short vowels
 * (harakat), the common case, without NFD and the five replaces: same output ("Deir ez-Zor" -> "deir ez zor",
 * "الرَّقَّة" -> "الرقه"). Returns null for anything else (the general path handles it).
 * A name already in folded form but for its capitals (most Arabic words, "Aleppo") is returned as it is or
 * lowercased; otherwise the output is built from a buffer of character codes in one step (adding characters one by
 * one makes a new string each time).
 */
function foldSimple(s: string): string | null {
  const n = s.length;
  if (n > foldBuf.length) foldBuf = new Uint16Array(n);
  const buf = foldBuf;
  let len = 0;
  let space = false;
  let same = true; // output so far equals the input so far, but for ASCII capitals made lowercase
  let cased = false; // ... and there are such capitals
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let ch: number;
    if (c < 128) {
      if (c < 32 || c === 127) return null;
      if (c === 39 || c === 96) {
        same = false; // apostrophes vanish (APOS): "Ma'arrat" -> "maarrat"
        continue;
      }
      const lower = c | 32;
      if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 122))) {
        // Any other character separates words; runs collapse, ends are trimmed. A single space between two words
        // stays as it is.
        if (c !== 32 || space || len === 0) same = false;
        space = true;
        continue;
      }
      if (c >= 65 && c <= 90) {
        ch = lower;
        cased = true;
      } else ch = c;
    } else if (c >= 0x064b && c <= 0x065f) {
      same = false; // harakat, tanween, shadda, sukun and the hamza / madda marks NFD splits off (MARKS)
      continue;
    } else if (c >= 0x0621 && c <= 0x064a) {
      ch = ARABIC_CODE[c - 0x0621]!;
      if (ch === 0) {
        same = false; // tatweel
        continue;
      }
    } else return null;
    if (space && len > 0) buf[len++] = 32;
    space = false;
    if (ch !== c && !(c >= 65 && c <= 90)) same = false;
    buf[len++] = ch;
  }
  if (space && len > 0) same = false; // a trailing separator is trimmed
  if (same) return cased ? s.toLowerCase() : s; // "Aleppo" -> "aleppo"; the only cased letters here are ASCII
  let out = '';
  // A short name (most words: "مدينة" -> "مدينه") is built a character at a time: V8 copies strings under 13
  // characters flat, and that costs less than a typed-array view passed to apply.
  if (len < 13) {
    for (let i = 0; i < len; i++) out += String.fromCharCode(buf[i]!);
    return out;
  }
  for (let i = 0; i < len; i += 4096) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  return out;
}
/** Output buffer of foldSimple (grown for longer inputs; the output is never longer than the input). */
let foldBuf = new Uint16Array(256);
/** U+0621-U+064A folded: alef with hamza / madda -> alef, waw / yeh with hamza -> waw / yeh (NFD + MARKS), then ARABIC. */
const ARABIC_LETTER: string[] = Array.from({ length: 0x064a - 0x0621 + 1 }, (_, i) => {
  const c = String.fromCharCode(0x0621 + i);
  const base = c.normalize('NFD').replace(MARKS, '');
  return ARABIC[base] ?? base;
});
/** ARABIC_LETTER as character codes; 0 for a letter that folds to nothing (tatweel). */
const ARABIC_CODE: number[] = ARABIC_LETTER.map((x) => {
  if (x.length > 1) throw new Error('an Arabic letter folds to more than one character');
  return x ? x.charCodeAt(0) : 0;
});

/** foldKey of a name foldSimple does not take. */
function foldGeneral(s: string): string {
  let out = s.normalize('NFD').replace(MARKS, '').replace(APOS, '');
  out = out.replace(/[ıßøØđĐłŁæÆœŒþðħŧёЁəƏ]/g, (c) => SPECIAL[c] ?? c);
  out = out.replace(/[أإآٱةىؤئـ]/g, (c) => ARABIC[c] ?? c);
  out = out.toLowerCase();
  // Everything that is not a letter or digit separates words ("Deir ez-Zor" -> "deir ez zor").
  out = out.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return out;
}

/** Arabic definite articles written as separate words in transliterations. */
const LATIN_ARTICLES = new Set([
  'al', 'el', 'ul', 'il', 'ad', 'ed', 'as', 'es', 'az', 'ez', 'ash', 'esh', 'ar', 'er', 'an', 'en', 'at', 'et',
  'ath', 'adh', 'ath', 'ag', 'aj', 'az', 'ab',
]);

/**
 * Transliteration skeleton of one Latin word: these rewrites, in this order, each over the previous one's output
 * (as the chain of String.replace calls it once was; one pass over a code buffer per rule costs less than a regex
 * each):
 *   ^[ae]([dnrstz])\1(?=[a-z]{2}) -> $1   assimilated article glued to the word: "Adduhor" (ad-Duhur), "Arraqqa"
 *                                          ("Albukamal" is left alone: too many real "Al..." names)
 *   dj -> j, ck -> k, [kgsztdcp]h -> [kgsztdcp] (kh/gh/sh/th/dh/zh/ch/ph), q -> k, c -> k, g -> k, x -> ks, w -> u
 *   [aeiou]y(?![aeiou]) -> [aeiou], then y(?![aeiou]) -> a: "y" before a vowel is a consonant (Mayadin); elsewhere
 *                                          it ends a diphthong (Dayr = Deir, Shaykhun = Shekhon)
 *   [ae]i -> a, [ei] -> a, o -> u, (.)\1+ -> $1 (runs of one character collapse)
 * Every match is leftmost and non-overlapping, as with /g.
 */
function latinSkeletonWord(w: string): string {
  const a = SKEL_BUF.length >= 2 * w.length ? SKEL_BUF : (SKEL_BUF = new Array<number>(2 * w.length));
  let n = w.length;
  for (let i = 0; i < n; i++) a[i] = w.charCodeAt(i);
  let o = 0;
  if (n >= 5 && (a[0] === 97 || a[0] === 101) && DNRSTZ.has(a[1]!) && a[2] === a[1] && isAz(a[3]!) && isAz(a[4]!)) {
    a[0] = a[1]!; // ^[ae]([dnrstz])\1 -> $1
    for (let i = 3; i < n; i++) a[i - 2] = a[i]!;
    n -= 2;
  }
  // Each pass below reads a[0..n) and writes a[0..o), o <= the read position (x -> ks aside, done from the end).
  // dj -> j and ck -> k in one pass: the two pairs share no letter, so neither rewrite can make or break the other's.
  o = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    const d = i + 1 < n ? a[i + 1]! : -1;
    if ((c === 100 && d === 106) || (c === 99 && d === 107)) a[o++] = d, i++;
    else a[o++] = c;
  }
  n = o;
  o = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    const d = i + 1 < n ? a[i + 1]! : -1;
    a[o++] = c;
    if (d === 104 && KGSZTDCP.has(c)) i++; // kh -> k, gh, sh, th, dh, zh, ch, ph
  }
  n = o;
  let xs = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if (c === 113 || c === 99 || c === 103) a[i] = 107; // q, c, g -> k (one after the other: none makes another)
    else if (c === 119) a[i] = 117; // w -> u (after x -> ks below, which makes no w)
    else if (c === 120) xs++;
  }
  if (xs) {
    // x -> ks, filled from the end so that nothing is overwritten before it is read.
    let j = n + xs;
    for (let i = n - 1; i >= 0; i--) {
      if (a[i] === 120) {
        a[--j] = 115;
        a[--j] = 107;
      } else a[--j] = a[i]!;
    }
    n += xs;
  }
  o = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    a[o++] = c;
    // [aeiou]y(?![aeiou]) -> the vowel
    if (VOWELS.has(c) && i + 1 < n && a[i + 1] === 121 && !(i + 2 < n && VOWELS.has(a[i + 2]!))) i++;
  }
  n = o;
  // y(?![aeiou]) -> a (the look-ahead reads this pass's input: a[i + 1] is not yet written)
  for (let i = 0; i < n; i++) if (a[i] === 121 && !(i + 1 < n && VOWELS.has(a[i + 1]!))) a[i] = 97;
  o = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if ((c === 97 || c === 101) && i + 1 < n && a[i + 1] === 105) a[o++] = 97, i++; // [ae]i -> a
    else a[o++] = c;
  }
  n = o;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if (c === 101 || c === 105) a[i] = 97; // [ei] -> a
    else if (c === 111) a[i] = 117; // o -> u
  }
  // (.)\1+ -> $1: "." is any code unit but a line terminator.
  let r = '';
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if (i > 0 && a[i - 1] === c && !LINE_END.has(c)) continue;
    r += String.fromCharCode(c);
  }
  return r;
}

/** Work buffer of latinSkeletonWord (x -> ks can double a word's length). */
let SKEL_BUF: number[] = new Array<number>(64);
const DNRSTZ = new Set([100, 110, 114, 115, 116, 122]);
const KGSZTDCP = new Set([107, 103, 115, 122, 116, 100, 99, 112]);
const VOWELS = new Set([97, 101, 105, 111, 117]);
const LINE_END = new Set([10, 13, 0x2028, 0x2029]);
const isAz = (c: number): boolean => c >= 97 && c <= 122;

/** Russian case endings, stripped so "Сирии", "Сирию" and "Сирия" meet at "сир". */
const RU_ENDING = /(ами|ями|ого|его|ому|ему|ой|ей|ом|ем|ам|ям|ах|ях|ы|и|а|я|е|у|ю|о|ь|й)$/;
/** Arabic proclitics: wa-/fa- then bi-/li-/ka- then the article al-. */
const AR_PREFIX = /^(و|ف)?(ب|ل|ك)?(ال)?/;

function isArabic(s: string): boolean {
  return /[\u0600-\u06ff]/.test(s);
}
function isCyrillic(s: string): boolean {
  return /[\u0400-\u04ff]/.test(s);
}

export function skeletonKey(folded: string): string {
  // Arabic keys (every Arabic word is tried as a name) are cheaper to strip than to look up in the memo.
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 0x0600 && c <= 0x06ff) return arabicSkeleton(folded);
  }
  let out = skeletonMemo.get(folded);
  if (out !== undefined) return out;
  out = skeletonUncached(folded);
  if (skeletonMemo.size >= MEMO_MAX) skeletonMemo.clear();
  skeletonMemo.set(folded, out);
  return out;
}

/** Code units of the Arabic proclitics AR_PREFIX strips: و ف, then ب ل ك, then ا ل. */
const WAW = 0x0648, FEH = 0x0641, BEH = 0x0628, LAM = 0x0644, KAF = 0x0643, ALEF = 0x0627;

/**
 * skeletonUncached of a key with Arabic letters: each word without its proclitics (AR_PREFIX: wa-/fa-, bi-/li-/ka-,
 * al-, each optional, in that order; the regex always matches, so its greedy choices are final), or whole when that
 * leaves fewer than two characters; the words joined with no space ("وبالرقة" -> "رقة").
 */
function arabicSkeleton(folded: string): string {
  let out = '';
  let start = 0;
  while (start <= folded.length) {
    let end = folded.indexOf(' ', start);
    if (end < 0) end = folded.length;
    let i = start;
    let c = folded.charCodeAt(i);
    if (i < end && (c === WAW || c === FEH)) c = folded.charCodeAt(++i);
    if (i < end && (c === BEH || c === LAM || c === KAF)) c = folded.charCodeAt(++i);
    if (i + 1 < end && c === ALEF && folded.charCodeAt(i + 1) === LAM) i += 2;
    if (start === 0 && end === folded.length) return end - i >= 2 ? (i === 0 ? folded : folded.slice(i)) : folded;
    out += end - i >= 2 ? folded.slice(i, end) : folded.slice(start, end);
    start = end + 1;
  }
  return out;
}

function skeletonUncached(folded: string): string {
  if (!folded) return '';
  const words = folded.split(' ');
  if (isArabic(folded)) {
    return words
      .map((w) => {
        const s = w.replace(AR_PREFIX, '');
        return s.length >= 2 ? s : w;
      })
      .join('');
  }
  if (isCyrillic(folded)) {
    return words
      .map((w) => {
        const s = w.replace(RU_ENDING, '');
        return s.length >= 3 ? s : w;
      })
      .join('');
  }
  const kept = words.filter((w, i) => !(LATIN_ARTICLES.has(w) && i < words.length - 1));
  return kept.map(latinSkeletonWord).join('');
}

export function scriptOf(s: string): 'latin' | 'arabic' | 'cyrillic' | 'other' {
  if (isArabic(s)) return 'arabic';
  if (isCyrillic(s)) return 'cyrillic';
  if (/^[\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{M}'’ʿʾ]+$/u.test(s)) return 'latin';
  return 'other';
}
