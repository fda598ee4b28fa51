/**
 * Regex twins: a language pack's pattern compiled without the `u` flag as well, for texts on which the two cannot differ.
 *
 * V8 runs a case-insensitive Unicode regex (flags `iu`) several times slower per character than the same pattern
 * without `u` (the English date cue filter over 3,000 headlines: 8 ms with `iu`, 2 ms with `i`). The packs' patterns
 * are written for `u` (\p{L}, Unicode case folding), so a twin is used only where it provably matches exactly what
 * the `u` pattern matches:
 *  - the pattern (plainTwin): its characters, literal or escaped or inside class ranges, are ASCII or caseless (Arabic
 *    script, punctuation: no case mapping or folding leads to or from them); no `\u{...}`, no `\P{...}`; a `\p{...}`
 *    only from EXPANDABLE, replaced by the explicit ranges of BMP code units it matches under the same flags;
 *  - the text (safeTest): no surrogates (so each code unit is a code point: `.`, negated classes and quantifiers step
 *    the same way in both modes) and none of the code units on which case-insensitive matching differs between the
 *    modes: U+017F (long s) and U+212A (Kelvin sign) fold to ASCII 's' and 'k' (and are `\w`) under `iu` only, and
 *    those on which an expanded `\p{...}` class answers differently (computed by running both, never assumed).
 * Everything else about the two modes is the same for such a pattern and text, so matches, groups and indices agree.
 */

/** `\p{...}` escapes a twin may contain (expanded to explicit code-unit ranges). */
const EXPANDABLE: readonly string[] = ['L', 'N'];

/** Non-ASCII code units a pattern may contain: caseless ones (no simple case folding or upper-casing maps to or from them). */
function caseless(c: number): boolean {
  return (
    (c >= 0x600 && c <= 0x6ff) || // Arabic
    (c >= 0x750 && c <= 0x77f) || // Arabic Supplement
    (c >= 0xfb50 && c <= 0xfdff) || // Arabic Presentation Forms-A
    (c >= 0xfe70 && c <= 0xfeff) || // Arabic Presentation Forms-B
    (c >= 0x2000 && c <= 0x206f) || // General Punctuation (dashes, quotes, bullets, ellipsis)
    (c >= 0xff01 && c <= 0xff20) || // fullwidth punctuation and digits ("：" in chrono's time patterns)
    (c >= 0xa0 && c <= 0xbf && c !== 0xaa && c !== 0xb5 && c !== 0xba) // Latin-1 punctuation and signs (not µ ª º)
  );
}

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** Every BMP code unit but the surrogates, in order: one scan over it lists the code units a class matches. */
let allUnits: string | undefined;
function bmp(): string {
  if (allUnits === undefined) {
    const units = new Uint16Array(0x10000 - 0x800);
    for (let c = 0, k = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[k++] = c;
    const parts: string[] = [];
    for (let k = 0; k < units.length; k += 4096) parts.push(String.fromCharCode(...units.subarray(k, k + 4096)));
    allUnits = parts.join('');
  }
  return allUnits;
}

/** The code units the one-character pattern `cls` matches under `flags`, as class ranges ("\u0041-\u005a\u00aa..."). */
function ranges(cls: string, flags: string): string {
  const all = bmp();
  const re = new RegExp(`(?:${cls})+`, flags + 'g');
  let body = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(all)) !== null) {
    const end = m.index + m[0].length;
    for (let k = m.index; k < end; ) {
      let j = k; // consecutive code units (`all` skips the surrogates, so a run can jump over them)
      while (j + 1 < end && all.charCodeAt(j + 1) === all.charCodeAt(j) + 1) j++;
      const a = all.charCodeAt(k);
      const b = all.charCodeAt(j);
      body += a === b ? hex(a) : `${hex(a)}-${hex(b)}`;
      k = j + 1;
    }
  }
  return body;
}

/** Class body listing the code units `\p{name}` matches under `u` (+ `i` when icase). */
const expansions = new Map<string, string>();
function expansion(name: string, icase: boolean): string {
  const key = `${name}/${icase ? 'i' : ''}`;
  let e = expansions.get(key);
  if (e === undefined) expansions.set(key, (e = ranges(`\\p{${name}}`, icase ? 'iu' : 'u')));
  return e;
}

/** Code units listed by a class body. */
function unitsOf(body: string): Set<number> {
  const out = new Set<number>();
  for (const m of body.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)) {
    const a = parseInt(m[1], 16);
    const b = m[2] ? parseInt(m[2], 16) : a;
    for (let c = a; c <= b; c++) out.add(c);
  }
  return out;
}

/**
 * Code units on which the expansion of `\p{name}` under `i` (non-`u`) answers differently from `\p{name}` under `iu`.
 * (Without `i` there are none: the expansion lists exactly the code units the escape matches.)
 */
const unsafeOf = new Map<string, number[]>();
function unsafeFor(name: string): number[] {
  let bad = unsafeOf.get(name);
  if (bad) return bad;
  bad = [];
  const body = expansion(name, true);
  const plain = ranges(`[${body}]`, 'i');
  if (plain !== body) {
    const a = unitsOf(body);
    const b = unitsOf(plain);
    for (const c of a) if (!b.has(c)) bad.push(c);
    for (const c of b) if (!a.has(c)) bad.push(c);
  }
  unsafeOf.set(name, bad);
  return bad;
}

/**
 * The non-`u` twin of a pattern and the code units a text must not hold for it to be used; null when the pattern
 * holds something a twin cannot express exactly.
 */
export function plainTwin(source: string, flags: string): { re: RegExp; unsafe: number[] } | null {
  if (!flags.includes('u')) return { re: new RegExp(source, flags), unsafe: [] };
  const icase = flags.includes('i');
  const unsafe = new Set<number>(icase ? [0x17f, 0x212a] : []);
  let out = '';
  let inClass = false;
  let last = -1; // inside a class: the last single character (a range "a-b" may follow), -1 after a class escape
  let rangeFrom = -1;
  const literal = (c: number): boolean => {
    if (c > 0x7f && !caseless(c)) return false;
    if (inClass && rangeFrom >= 0) {
      for (let k = Math.max(rangeFrom, 0x80); k <= c; k++) if (!caseless(k)) return false;
      rangeFrom = -1;
      last = -1;
    } else last = c;
    return true;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || next === 'P') return null;
      if (next === 'p') {
        const m = /^\\p\{([A-Za-z]+)\}/.exec(source.slice(i, i + 12));
        if (!m || !EXPANDABLE.includes(m[1]) || rangeFrom >= 0) return null;
        const body = expansion(m[1], icase);
        if (icase) for (const c of unsafeFor(m[1])) unsafe.add(c);
        out += inClass ? body : `[${body}]`;
        i += m[0].length - 1;
        last = -1;
        continue;
      }
      if (next === 'u' || next === 'x') {
        if (source[i + 2] === '{') return null;
        const digits = next === 'u' ? 4 : 2;
        const code = parseInt(source.slice(i + 2, i + 2 + digits), 16);
        if (!Number.isInteger(code) || !literal(code)) return null;
        out += source.slice(i, i + 2 + digits);
        i += 1 + digits;
        continue;
      }
      if (!literal(next.charCodeAt(0))) return null;
      if (/[dDsSwWbB]/.test(next)) last = -1;
      out += ch + next;
      i++;
      continue;
    }
    if (inClass && ch === '-' && last >= 0 && source[i + 1] !== ']') {
      rangeFrom = last;
      out += ch;
      continue;
    }
    if (ch === '[' && !inClass) {
      inClass = true;
      last = -1;
    } else if (ch === ']' && inClass) {
      inClass = false;
      last = -1;
    } else if (!literal(source.charCodeAt(i))) return null;
    out += ch;
  }
  return { re: new RegExp(out, flags.replace('u', '')), unsafe: [...unsafe] };
}

/** A pattern and its twin. */
export interface Twin {
  unicode: RegExp;
  plain: RegExp | null;
  /** Code units (besides surrogates) a text must not hold for `plain` to be used. */
  unsafe: number[];
}
export function twin(source: string, flags: string): Twin {
  const p = plainTwin(source, flags);
  return { unicode: new RegExp(source, flags), plain: p?.re ?? null, unsafe: p?.unsafe ?? [] };
}

/**
 * "May these twins run on this text?": true when the text has no surrogate and none of their unsafe code units; then
 * every twin matches exactly like its `u` pattern on the text and on any part of it.
 */
export function safeTest(twins: readonly Twin[]): (text: string) => boolean {
  const bad = new Set<number>();
  for (const t of twins) for (const c of t.unsafe) bad.add(c);
  const re = new RegExp(`[\\ud800-\\udfff${[...bad].sort((a, b) => a - b).map(hex).join('')}]`);
  return (text) => !re.test(text);
}

/** The regex to run: the twin when the text passed the twins' safeTest, else the `u` pattern. */
export function pick(t: Twin, safe: boolean): RegExp {
  return safe && t.plain ? t.plain : t.unicode;
}
