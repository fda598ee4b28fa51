/**
 * A compiled phrase lexicon: phrases written as data ("air strike~n", "shoot|shot down", "fire~v on _2 protester~n")
 * are compiled ONCE into a token trie, then matched in a single left-to-right pass over the text's tokens.
 * No per-phrase regex runs over the text, so matching cost grows with text length, not lexicon size.
 *
 * Phrase syntax (tokens separated by spaces; matching is case-insensitive, hyphens split tokens so
 * "air-strike" matches "air strike"):
 *   word          the literal token
 *   a|b|c         any of the alternatives
 *   word~v        verb inflections: kidnap -> kidnap, kidnaps, kidnapped, kidnaping, kidnapping
 *   word~n        noun plural: protest -> protest, protests; militia -> militias
 *   _N            a gap of 0..N arbitrary tokens ("opened fire _3 protesters")
 *   stem*         any token that begins with the stem (Russian / Arabic inflection: "обстрел*" -> обстрела, обстреляли)
 *
 * Tokens are folded the same way in text and data (foldToken): lower case, Russian ё -> е, Arabic diacritics and
 * tatweel dropped, alef / yeh / teh marbuta variants unified. An Arabic text token may also match without its clitic
 * prefixes (و ف conjunction, ب ل ك preposition, ال article): "وبالغارات" matches the data word "غارات".
 */

export interface Token {
  /** Folded token text (lower case; see foldToken). */
  norm: string;
  start: number;
  end: number;
  /** Arabic only: the token without its clitic prefixes ("والغارات" -> "غارات"), tried when `norm` does not match. */
  alts?: string[];
}

export interface PhraseMatch<T> {
  start: number;
  end: number;
  /** Token index range [first, last]. */
  tokenStart: number;
  tokenEnd: number;
  entry: T;
  /** The phrase source text, recorded as the rule that matched. */
  phrase: string;
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  /** Gap edges: up to `max` skipped tokens, then the child node. */
  gaps: { max: number; node: TrieNode<T> }[];
  hits: { entry: T; phrase: string }[];
  /** "stem*" edges: stem -> child, with the stem lengths present (absent on English-only nodes). */
  stems?: Map<string, TrieNode<T>>;
  stemLens?: number[];
}

const AR_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
/** Any character the Arabic folding changes: most words have none and skip the four replaces. */
const AR_FOLDED = /[\u064B-\u065F\u0670\u0640أإآٱىة]/;

const isArabic = (s: string) => {
  const c = s.charCodeAt(0);
  return c >= 0x0600 && c <= 0x06ff;
};

/** Token folding shared by text and data: "Обстрелы" -> "обстрелы", "ещё" -> "еще", "الإرهابيّة" -> "الارهابيه". */
export function foldToken(s: string): string {
  return foldLowered(s.toLowerCase());
}

/** foldToken after the lower-casing. */
function foldLowered(t: string): string {
  if (isArabic(t)) {
    if (AR_FOLDED.test(t)) t = t.replace(AR_MARKS, '').replace(/[أإآٱ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه');
  } else if (t.includes('ё')) t = t.replace(/ё/g, 'е');
  return t;
}

const AR_CONJ = ['', 'و', 'ف'];
const AR_PREP = ['', 'ب', 'ل', 'ك'];
/** Letters an Arabic clitic prefix can begin with (و ف ب ل ك, and ا of the article ال). */
const AR_CLITIC_FIRST = new Set(['و', 'ف', 'ب', 'ل', 'ك', 'ا']);

/** A folded Arabic token without its clitic prefixes: "وبالغارات" -> ["بالغارات", "غارات", ...]; stems keep 3+ letters. */
export function arabicStems(t: string): string[] {
  // A word opening with none of the clitic letters has no other form (the loops below would only yield t itself).
  if (!AR_CLITIC_FIRST.has(t[0] ?? '')) return [];
  const out = new Set<string>();
  for (const c of AR_CONJ) {
    if (!t.startsWith(c)) continue;
    const a = t.slice(c.length);
    for (const p of AR_PREP) {
      if (!a.startsWith(p)) continue;
      const b = a.slice(p.length);
      out.add(b);
      if (b.startsWith('ال')) out.add(b.slice(2));
      else if (p === 'ل' && b.startsWith('ل')) out.add(b.slice(1)); // "للقوات" = ل + (ا)ل + قوات
    }
  }
  out.delete(t);
  return [...out].filter((x) => x.length >= 3);
}

/** The last text tokenized and its tokens: 40-triggers and 45-attribution (Arabic and Russian phrase lexicons)
 * tokenize the same document text. */
let last: { text: string; tokens: Token[] } | null = null;

/**
 * A token is what /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*\/gu matches: a letter or digit, then letters, digits and combining
 * marks (Arabic short vowels in "قُتِلَ" are marks, not letters, and stay inside the word). tokenize scans the
 * characters itself with this table instead of one regex exec per token (no match arrays to allocate):
 * what each UTF-16 code unit of the Basic Multilingual Plane is, learnt on first sight from those Unicode classes:
 * 1 letter or digit (opens or continues a token), 2 combining mark (continues one), 3 anything else; 0 not yet asked.
 */
const BMP_CLASS = new Uint8Array(0x10000);
const LN = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
function classOf(ch: string): number {
  return LN.test(ch) ? 1 : MARK.test(ch) ? 2 : 3;
}
for (let c = 0; c < 128; c++) BMP_CLASS[c] = classOf(String.fromCharCode(c));

/** Split text into word tokens with offsets. Apostrophes and hyphens separate tokens. The result is shared: read only. */
export function tokenize(text: string): Token[] {
  if (last && last.text === text) return last.tokens;
  // Lower-casing the text once gives each word's lower case (toLowerCase maps code point by code point; only the
  // Greek capital sigma depends on the letters around it) when no character changes length ("İ" -> "i̇").
  const lower = text.toLowerCase();
  const lowered = lower.length === text.length && !text.includes('Σ') ? lower : null;
  const out: Token[] = [];
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; ) {
    // the class and width of the code point at i (a surrogate pair is one astral code point, as under the u flag)
    const c = text.charCodeAt(i);
    let cls = BMP_CLASS[c]!;
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cls = classOf(text.slice(i, i + 2));
        w = 2;
      }
    }
    if (cls === 0) cls = BMP_CLASS[c] = classOf(text[i]!);
    if (start < 0) {
      if (cls === 1) start = i;
    } else if (cls === 3) {
      out.push(token(text, lowered, start, i));
      start = -1;
    }
    i += w;
  }
  if (start >= 0) out.push(token(text, lowered, start, n));
  last = { text, tokens: out };
  return out;
}

function token(text: string, lowered: string | null, start: number, end: number): Token {
  const norm = lowered !== null ? foldLowered(lowered.slice(start, end)) : foldToken(text.slice(start, end));
  const tok: Token = { norm, start, end };
  if (isArabic(norm)) {
    const alts = arabicStems(norm);
    if (alts.length) tok.alts = alts;
  }
  return tok;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function isCvc(w: string): boolean {
  if (w.length < 3) return false;
  const [a, b, c] = [w[w.length - 3], w[w.length - 2], w[w.length - 1]];
  return !VOWELS.has(a) && VOWELS.has(b) && !VOWELS.has(c) && !'wxy'.includes(c);
}

/** Regular verb forms; irregular ones are written out as alternatives in the data. */
export function verbForms(base: string): string[] {
  const forms = new Set([base]);
  const y = /[^aeiou]y$/.test(base);
  if (/(s|x|z|ch|sh)$/.test(base)) forms.add(base + 'es');
  else if (y) forms.add(base.slice(0, -1) + 'ies');
  else forms.add(base + 's');
  if (base.endsWith('e')) {
    forms.add(base + 'd');
    forms.add(base.endsWith('ee') ? base + 'ing' : base.slice(0, -1) + 'ing');
  } else if (y) {
    forms.add(base.slice(0, -1) + 'ied');
    forms.add(base + 'ing');
  } else {
    forms.add(base + 'ed');
    forms.add(base + 'ing');
    if (isCvc(base)) {
      const last = base[base.length - 1];
      forms.add(base + last + 'ed');
      forms.add(base + last + 'ing');
    }
  }
  return [...forms];
}

export function nounForms(base: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(base)) return [base, base + 'es'];
  if (/[^aeiou]y$/.test(base)) return [base, base.slice(0, -1) + 'ies'];
  return [base, base + 's'];
}

function expandToken(tok: string): string[] {
  const out: string[] = [];
  for (const alt of tok.split('|')) {
    if (alt.endsWith('~v')) out.push(...verbForms(alt.slice(0, -2)));
    else if (alt.endsWith('~n')) out.push(...nounForms(alt.slice(0, -2)));
    else out.push(alt);
  }
  return out.map(foldToken);
}

function newNode<T>(): TrieNode<T> {
  return { next: new Map(), gaps: [], hits: [], stems: undefined, stemLens: undefined };
}

export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = newNode();
  private size = 0;

  /** Add one phrase (see the syntax above). Phrase tokens are split the same way text is. */
  add(phrase: string, entry: T): void {
    const parts = phrase.trim().split(/\s+/).flatMap((p) => {
      // "air-strike" in data means the tokens "air" "strike", as in text.
      if (/^_\d+$/.test(p)) return [p];
      return p.includes('|') ? [p.replace(/['’]/g, '')] : p.split(/[-'’]/).filter((x) => x.length > 0);
    });
    if (parts.length === 0 || /^_\d+$/.test(parts[0])) throw new Error(`bad phrase: "${phrase}"`);
    let frontier: TrieNode<T>[] = [this.root];
    for (const part of parts) {
      const gap = /^_(\d+)$/.exec(part);
      if (gap) {
        frontier = frontier.map((n) => {
          const node = newNode<T>();
          n.gaps.push({ max: Number(gap[1]), node });
          return node;
        });
        continue;
      }
      const next: TrieNode<T>[] = [];
      for (const n of frontier) {
        for (const form of expandToken(part)) {
          if (form.length > 1 && form.endsWith('*')) {
            const stem = form.slice(0, -1);
            const stems = (n.stems ??= new Map());
            let child = stems.get(stem);
            if (!child) stems.set(stem, (child = newNode()));
            n.stemLens = [...new Set([...(n.stemLens ?? []), stem.length])].sort((a, b) => a - b);
            next.push(child);
            continue;
          }
          let child = n.next.get(form);
          if (!child) n.next.set(form, (child = newNode()));
          next.push(child);
        }
      }
      frontier = [...new Set(next)];
    }
    for (const n of frontier) n.hits.push({ entry, phrase });
    this.size++;
  }

  get phraseCount(): number {
    return this.size;
  }

  /**
   * All matches, longest first at each start token; overlapping matches of different entries are all kept
   * (callers decide), but one entry matching several lengths at the same start keeps only the longest.
   */
  match(tokens: Token[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const first = this.root.next.get(t.norm);
      const before = out.length;
      if (first) this.walk(first, tokens, i, i, out, before);
      if (t.alts || this.root.stems) for (const c of otherChildren(this.root, t, first)) this.walk(c, tokens, i, i, out, before);
    }
    return out;
  }

  /** Depth-first walk from one start token; out[from..] holds this start's matches (one per entry, longest kept). */
  private walk(node: TrieNode<T>, tokens: Token[], startIdx: number, idx: number, out: PhraseMatch<T>[], from: number): void {
    for (const h of node.hits) {
      let at = -1;
      for (let k = from; k < out.length; k++) if (out[k].entry === h.entry) at = k;
      if (at < 0 || out[at].tokenEnd < idx) {
        const m: PhraseMatch<T> = {
          start: tokens[startIdx].start,
          end: tokens[idx].end,
          tokenStart: startIdx,
          tokenEnd: idx,
          entry: h.entry,
          phrase: h.phrase,
        };
        if (at < 0) out.push(m);
        else out[at] = m;
      }
    }
    const nextTok = tokens[idx + 1];
    if (nextTok) {
      const child = node.next.get(nextTok.norm);
      if (child) this.walk(child, tokens, startIdx, idx + 1, out, from);
      if (nextTok.alts || node.stems) for (const c of otherChildren(node, nextTok, child)) this.walk(c, tokens, startIdx, idx + 1, out, from);
    }
    for (const g of node.gaps) {
      for (let skip = 0; skip <= g.max; skip++) {
        const t = tokens[idx + 1 + skip];
        if (!t) break;
        const child = g.node.next.get(t.norm);
        if (child) this.walk(child, tokens, startIdx, idx + 1 + skip, out, from);
        if (t.alts || g.node.stems) for (const c of otherChildren(g.node, t, child)) this.walk(c, tokens, startIdx, idx + 1 + skip, out, from);
      }
    }
  }
}

const NONE: never[] = [];

/** Children of `node` a token reaches other than by its exact form: its clitic-free forms, and "stem*" edges.
 * Most tokens reach none: the list is then allocated neither for the keys nor for the answer. */
function otherChildren<T>(node: TrieNode<T>, t: Token, exact: TrieNode<T> | undefined): TrieNode<T>[] {
  let out: TrieNode<T>[] = NONE;
  const alts = t.alts;
  const nKeys = alts ? alts.length + 1 : 1;
  for (let k = 0; k < nKeys; k++) {
    const key = k === 0 ? t.norm : alts![k - 1]!;
    if (k > 0) {
      const c = node.next.get(key);
      if (c && c !== exact && !out.includes(c)) (out === NONE ? (out = []) : out).push(c);
    }
    if (node.stems && node.stemLens) {
      for (const len of node.stemLens) {
        if (len > key.length) break;
        const c = node.stems.get(key.slice(0, len));
        if (c && !out.includes(c)) (out === NONE ? (out = []) : out).push(c);
      }
    }
  }
  return out;
}
