/**
 * Fast twins of case-insensitive Unicode regular expressions.
 *
 * V8 runs an expression with flags "iu" that uses \b or \w many times slower than the same expression without "u"
 * (the English "no fatalities" list: about 3 µs against 0.2 µs per sentence): with "iu", \b and \w must also accept
 * "ſ" (U+017F) and the Kelvin sign "K" (U+212A), which case-fold to "s" and "k", so the engine cannot use its
 * ASCII word-boundary check.
 *
 * For a pattern written in ASCII without Unicode escapes, the flags "iu" and "i" match exactly the same on a text
 * that contains neither of those two characters nor any astral character (one character for "u", two UTF-16 units
 * without it): no other character case-folds to an ASCII letter, and every other character is one unit in both
 * modes. Rules of such texts (nearly all reports) can use the twin; other texts keep the original expressions.
 */

/** Characters on which "iu" and "i" may disagree for an ASCII pattern. */
const UNICODE_SENSITIVE = /[\uD800-\uDFFF\u017F\u212A]/;

/** Escapes whose meaning needs the "u" flag or names non-ASCII characters (\p{L}, \u{...}, \u017F, \x80). */
const UNICODE_SYNTAX = /\\[pPux]/;

/** The same expression without "u", when that cannot change a match on a text for which `plainText` holds. */
export function caselessTwin(re: RegExp): RegExp {
  if (!re.flags.includes('u') || !re.flags.includes('i')) return re;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(re.source) || UNICODE_SYNTAX.test(re.source)) return re;
  try {
    return new RegExp(re.source, re.flags.replace('u', ''));
  } catch {
    return re;
  }
}

let lastText: string | null = null;
let lastPlain = false;

/** True when the twins of `caselessTwin` match exactly as the originals on this text (and on any part of it). */
export function plainText(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastPlain = !UNICODE_SENSITIVE.test(text);
  }
  return lastPlain;
}

/**
 * A copy of a rule set with each regular expression replaced by its twin: the fields that hold a RegExp, an array of
 * RegExp, or an array of objects with a RegExp field `re`. Other fields are shared.
 */
export function caselessRules<T extends object>(rules: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rules)) {
    if (v instanceof RegExp) out[k] = caselessTwin(v);
    else if (Array.isArray(v) && v.every((x) => x instanceof RegExp)) out[k] = v.map((x: RegExp) => caselessTwin(x));
    else if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && (x as { re?: unknown }).re instanceof RegExp))
      out[k] = v.map((x: { re: RegExp }) => ({ ...x, re: caselessTwin(x.re) }));
    else out[k] = v;
  }
  return out as T;
}

const twinSets = new WeakMap<object, object>();

/** The rule set to use on this text: its twin (built once per rule set) when `plainText` holds, else the original. */
export function rulesForText<T extends object>(rules: T, text: string): T {
  if (!plainText(text)) return rules;
  let t = twinSets.get(rules) as T | undefined;
  if (!t) twinSets.set(rules, (t = caselessRules(rules)));
  return t;
}
