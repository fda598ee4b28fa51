/**
 * francAll(value, { only, minLength }) from franc 6 (same models, same arithmetic, same order, same ties), computed
 * with one lookup per distinct trigram of the text instead of one per trigram and candidate language: franc keeps each
 * language model as a plain object and its trigram counts in another, and detecting the language of a short report
 * cost about as much as finding all its dates. The models and script expressions are franc's own files.
 *
 * Steps as in franc/index.js and trigram-utils: the script with the most characters (first wins ties) picks the model
 * set; the text is cleaned (U+0021-U+0040 runs and white space to one space, trimmed, lower case), padded with a space
 * each side and cut into trigrams; trigrams are counted and each allowed language's distance sums |count - rank - 1|
 * over them, 300 for a trigram the model lacks; languages are sorted by distance (stable) and the distances normalized.
 */
import { data } from 'franc/data.js';
import { expressions } from 'franc/expressions.js';

const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;

interface ScriptModels {
  languages: string[];
  /** trigram (as trigramKey) -> rank in each language's model (index as in `languages`), -1 where the model lacks it. */
  ranks: Map<TrigramKey, Int32Array>;
}

/**
 * A trigram as a Map key: three units below U+0400 (Latin, Greek, IPA) packed into one small integer, which a Map
 * hashes without allocating; other trigrams as their string. A text's trigrams are always three units, so a model
 * entry of another length can never match and is left out.
 */
type TrigramKey = number | string;
function trigramKey(s: string, i: number): TrigramKey {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  return a < 1024 && b < 1024 && c < 1024 ? (a << 20) | (b << 10) | c : s.slice(i, i + 3);
}

const models = new Map<string, ScriptModels>();

function modelsFor(script: string): ScriptModels {
  let m = models.get(script);
  if (m) return m;
  const languages = Object.keys(data[script]);
  const ranks = new Map<TrigramKey, Int32Array>();
  languages.forEach((name, li) => {
    const model = data[script][name].split('|');
    // franc assigns from the end, so a trigram listed twice keeps its first (lowest) rank
    for (let weight = model.length - 1; weight >= 0; weight--) {
      if (model[weight].length !== 3) continue;
      const key = trigramKey(model[weight], 0);
      let row = ranks.get(key);
      if (!row) ranks.set(key, (row = new Int32Array(languages.length).fill(-1)));
      row[li] = weight;
    }
  });
  m = { languages, ranks };
  models.set(script, m);
  return m;
}

const SCRIPTS = Object.keys(expressions);
/**
 * Per UTF-16 unit, the scripts whose expression matches it alone (learned lazily from the expressions themselves):
 * -1 not yet known, -2 none, -3 several (see `several`), else the one script's index.
 * Every alternative of franc's expressions is either a one-unit class or starts with a surrogate, so in a text
 * without surrogates the number of matches of an expression is the number of units it matches alone.
 */
const unitScript = new Int16Array(65536).fill(-1);
const several = new Map<number, number[]>();
const alone = SCRIPTS.map((script) => new RegExp(`^(?:${expressions[script].source})$`));
function scriptsOf(u: number): number {
  let k = unitScript[u];
  if (k === -1) {
    const c = String.fromCharCode(u);
    const hit = alone.flatMap((re, i) => (re.test(c) ? [i] : []));
    k = hit.length === 0 ? -2 : hit.length === 1 ? hit[0] : -3;
    if (k === -3) several.set(u, hit);
    unitScript[u] = k;
  }
  return k;
}

function topScript(value: string): [string | undefined, number] {
  const counts = new Array<number>(SCRIPTS.length).fill(0);
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdfff) {
      plain = false;
      break;
    }
    const k = scriptsOf(u);
    if (k >= 0) counts[k]++;
    else if (k === -3) for (const s of several.get(u)!) counts[s]++;
  }
  let topCount = -1;
  let top: string | undefined;
  SCRIPTS.forEach((script, i) => {
    let n = counts[i];
    if (!plain) {
      const found = value.match(expressions[script]);
      n = found ? found.length : 0;
    }
    const count = n / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  });
  return [top, topCount];
}

/** franc's cleaned text: U+0021-U+0040 runs and white space to one space, trimmed, lower case, padded with a space each side. */
function cleaned(value: string): string {
  return ' ' + value.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase() + ' ';
}

/**
 * Per script and `only` list: the allowed languages and, for each trigram in one of their models, an id and its ranks
 * (ranks[id * languages.length + i], -1 where language i's model lacks it).
 */
interface Allowed {
  languages: string[];
  ids: Map<TrigramKey, number>;
  ranks: Int32Array;
  /** Scratch: occurrences of each id in the text being scored (all zero between calls). */
  counts: Int32Array;
}
const filtered = new Map<ScriptModels, Map<string, Allowed>>();
function allowedModels(m: ScriptModels, only: readonly string[]): Allowed {
  let byList = filtered.get(m);
  if (!byList) filtered.set(m, (byList = new Map()));
  const key = only.join(',');
  let f = byList.get(key);
  if (f) return f;
  const keep: number[] = [];
  m.languages.forEach((name, li) => {
    if (only.length === 0 || only.includes(name)) keep.push(li);
  });
  const ids = new Map<TrigramKey, number>();
  const rows: number[] = [];
  for (const [t, row] of m.ranks) {
    if (!keep.some((li) => row[li] >= 0)) continue;
    ids.set(t, ids.size);
    for (const li of keep) rows.push(row[li]);
  }
  f = { languages: keep.map((li) => m.languages[li]), ids, ranks: Int32Array.from(rows), counts: new Int32Array(ids.size) };
  byList.set(key, f);
  return f;
}

/**
 * Distance of the text to each allowed language: the sum over its distinct trigrams of |count - rank - 1|, or 300
 * where the model lacks the trigram. Counted per model trigram id in a typed array (one Map lookup per trigram of
 * the text); the distinct trigrams no allowed model has add 300 to every language. All terms are whole numbers, so
 * the sums do not depend on the order of addition.
 */
function distancesOf(text: string, f: Allowed): Float64Array {
  const k = f.languages.length;
  const touched: number[] = [];
  let unknown: Set<TrigramKey> | undefined;
  for (let i = 0; i + 3 <= text.length; i++) {
    const t = trigramKey(text, i);
    const id = f.ids.get(t);
    if (id === undefined) (unknown ??= new Set()).add(t);
    else if (f.counts[id]++ === 0) touched.push(id);
  }
  const sum = new Float64Array(k);
  if (unknown) sum.fill(unknown.size * MAX_DIFFERENCE);
  for (const id of touched) {
    const n = f.counts[id];
    f.counts[id] = 0;
    const base = id * k;
    for (let i = 0; i < k; i++) {
      const rank = f.ranks[base + i];
      sum[i] += rank < 0 ? MAX_DIFFERENCE : Math.abs(n - rank - 1);
    }
  }
  return sum;
}

/** Same result as franc's francAll(value, { only, minLength }) (no `ignore` list). */
export function francRanked(value: string, only: readonly string[], minLength: number): [string, number][] {
  if (!value || value.length < minLength) return [['und', 1]];
  value = value.slice(0, MAX_LENGTH);
  const [script, count] = topScript(value);
  if (!script || !(script in data)) {
    if (!script || count === 0 || (only.length > 0 && !only.includes(script))) return [['und', 1]];
    return [[script, 1]];
  }
  const f = allowedModels(modelsFor(script), only);
  const k = f.languages.length;
  let distances: [string, number][];
  if (k === 0) distances = [['und', 1]];
  else {
    const sum = distancesOf(cleaned(value), f);
    distances = f.languages.map((name, i) => [name, sum[i]] as [string, number]).sort((a, b) => a[1] - b[1]);
  }
  const min = distances[0][1];
  const max = value.length * MAX_DIFFERENCE - min;
  for (const d of distances) d[1] = 1 - (d[1] - min) / max || 0;
  return distances;
}
